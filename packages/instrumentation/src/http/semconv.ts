import type { Histogram, Meter } from '@opentelemetry/api';
import { DURATION_BUCKETS_SECONDS } from '@sightline/processors';

// Attribute keys used on the hot path, as constants (HTTP semantic conventions, stable set).
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_HTTP_ROUTE = 'http.route';
export const ATTR_URL_PATH = 'url.path';
export const ATTR_URL_QUERY = 'url.query';
export const ATTR_URL_SCHEME = 'url.scheme';
export const ATTR_URL_FULL = 'url.full';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_CLIENT_ADDRESS = 'client.address';
export const ATTR_USER_AGENT = 'user_agent.original';
export const ATTR_NETWORK_PROTOCOL_VERSION = 'network.protocol.version';
export const ATTR_ERROR_TYPE = 'error.type';
/** Sightline's request id, on the server span and as a W3C baggage entry: the keys @sightline/pino reads. */
export { ATTR_REQUEST_ID, BAGGAGE_REQUEST_ID } from '@sightline/pino';

/** Prefixes of captured headers (`OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*`), followed by the lower-case name. */
export const ATTR_HTTP_REQUEST_HEADER_PREFIX = 'http.request.header.';
export const ATTR_HTTP_RESPONSE_HEADER_PREFIX = 'http.response.header.';

/** Buckets of the HTTP duration histograms (semantic-conventions advice), in seconds. */
export const HTTP_DURATION_BUCKETS: readonly number[] = DURATION_BUCKETS_SECONDS;

/** `http.server.request.duration` or `http.client.request.duration`. */
export function createHttpDurationHistogram(meter: Meter, side: 'server' | 'client'): Histogram {
  return meter.createHistogram(`http.${side}.request.duration`, {
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
