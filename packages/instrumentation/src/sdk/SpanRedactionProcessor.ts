import type { Context } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_HTTP_REQUEST_HEADER_PREFIX, ATTR_HTTP_RESPONSE_HEADER_PREFIX } from '../http/semconv.js';

export interface SpanRedactionPolicy {
  isSensitiveKey(key: string): boolean;
  redactPath(path: string): string;
  redactUrl(url: string): string;
  redactQuery(query: string): string;
  redactMessage(text: string): string;
  readonly censor: string;
}

// What is done to an attribute's value, decided once per key (keys repeat across spans): one map
// lookup per attribute instead of the policy's key check and a lookup in each set below.
const PLAIN = 0;
const SENSITIVE = 1;
const PATH = 2;
const FULL_URL = 3;
const QUERY = 4;
const HEADER = 5;
type Treatment = typeof PLAIN | typeof SENSITIVE | typeof PATH | typeof FULL_URL | typeof QUERY | typeof HEADER;

// Attributes holding a URL, a path or a query (stable and older semantic conventions): their values
// are redacted segment by segment; `http.route` too, for frameworks that fall back to the raw path.
const PATHS = new Set(['url.path', 'http.target', 'http.route']);
const URLS = new Set(['url.full', 'http.url', 'url.original']);
const QUERIES = new Set(['url.query']);
// The stack trace starts with the message, so it is redacted the same way.
const EXCEPTION_TEXT = ['exception.message', 'exception.stacktrace'];

/**
 * Applies the one redaction policy (the object `@sightline/pino` applies to log lines) to spans
 * before they end: attributes whose key names a secret (password, token, authorization, cookie, ...)
 * are censored, and personal data or credentials inside URL paths and queries (e-mails, card
 * numbers, IBANs, JWTs, long tokens, `?api_key=`) are masked, in attributes and span names alike.
 * What each key needs is cached: attribute keys repeat across spans.
 */
export class SpanRedactionProcessor implements SpanProcessor {
  private readonly treatments = new Map<string, Treatment>();

  constructor(private readonly policy: SpanRedactionPolicy) {}

  onStart(_span: Span, _parent: Context): void {}

  onEnding(span: Span): void {
    const { policy } = this;
    const attributes = span.attributes;
    for (const key in attributes) {
      const treatment = this.treatment(key);
      if (treatment === PLAIN) continue;
      const value = attributes[key];
      if (treatment === SENSITIVE) {
        if (value !== policy.censor) span.setAttribute(key, policy.censor);
      } else if (treatment === HEADER) {
        // Captured headers (OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*) that are not secret by name.
        if (Array.isArray(value)) span.setAttribute(key, (value as unknown[]).map((v) => (typeof v === 'string' ? policy.redactMessage(v) : v)) as string[]);
      } else if (typeof value === 'string') {
        const redacted = treatment === PATH ? policy.redactPath(value) : treatment === FULL_URL ? policy.redactUrl(value) : policy.redactQuery(value);
        if (redacted !== value) span.setAttribute(key, redacted);
      }
    }
    // Exception messages (span events, status) are free text that often quotes the input.
    for (const event of span.events) {
      const attributes = event.attributes;
      if (attributes === undefined) continue;
      for (const key of EXCEPTION_TEXT) {
        const text = attributes[key];
        if (typeof text === 'string') attributes[key] = policy.redactMessage(text);
      }
    }
    if (span.status.message) {
      const message = policy.redactMessage(span.status.message);
      if (message !== span.status.message) span.setStatus({ ...span.status, message });
    }
    // A span named after its raw path (no route known): `GET /users/jane@example.com`.
    if (span.name.includes('/')) {
      const name = policy.redactPath(span.name);
      if (name !== span.name) span.updateName(name);
    }
  }

  private treatment(key: string): Treatment {
    let treatment = this.treatments.get(key);
    if (treatment === undefined) {
      treatment = this.policy.isSensitiveKey(key) ? SENSITIVE
        : PATHS.has(key) ? PATH : URLS.has(key) ? FULL_URL : QUERIES.has(key) ? QUERY
          : key.startsWith(ATTR_HTTP_REQUEST_HEADER_PREFIX) || key.startsWith(ATTR_HTTP_RESPONSE_HEADER_PREFIX) ? HEADER : PLAIN;
      if (this.treatments.size < 10_000) this.treatments.set(key, treatment);
    }
    return treatment;
  }

  onEnd(): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
