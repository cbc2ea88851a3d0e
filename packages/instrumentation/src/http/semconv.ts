import type { Histogram, Meter } from '@opentelemetry/api';
import { DURATION_BUCKETS_SECONDS } from '@sightline/processors';
import { METRIC_HTTP_CLIENT_REQUEST_DURATION, METRIC_HTTP_SERVER_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';

// Attribute keys of the stable HTTP semantic conventions, from the conventions package itself.
export {
  ATTR_CLIENT_ADDRESS, ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_URL_FULL, ATTR_URL_PATH, ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL as ATTR_USER_AGENT,
} from '@opentelemetry/semantic-conventions';
/** Sightline's request id, on the server span and as a W3C baggage entry: the keys @sightline/pino reads. */
export { ATTR_REQUEST_ID, BAGGAGE_REQUEST_ID } from '@sightline/pino/policy';

/** Prefixes of captured headers (`OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*`), followed by the lower-case name. */
export const ATTR_HTTP_REQUEST_HEADER_PREFIX = 'http.request.header.';
export const ATTR_HTTP_RESPONSE_HEADER_PREFIX = 'http.response.header.';

/** Buckets of the HTTP duration histograms (semantic-conventions advice), in seconds. */
export const HTTP_DURATION_BUCKETS: readonly number[] = DURATION_BUCKETS_SECONDS;

/** `http.server.request.duration` or `http.client.request.duration`. */
export function createHttpDurationHistogram(meter: Meter, side: 'server' | 'client'): Histogram {
  return meter.createHistogram(side === 'server' ? METRIC_HTTP_SERVER_REQUEST_DURATION : METRIC_HTTP_CLIENT_REQUEST_DURATION, {
    description: `Duration of HTTP ${side} requests`,
    unit: 's',
    advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
  });
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);
/** Unknown methods become `_OTHER`, so a client cannot create unbounded metric series. */
export function normalizeMethod(method: string | undefined): string {
  return method !== undefined && METHODS.has(method) ? method : '_OTHER';
}
