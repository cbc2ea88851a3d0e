import type { Context } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';

export interface SpanRedactionPolicy {
  isSensitiveKey(key: string): boolean;
  redactPath(path: string): string;
  redactUrl(url: string): string;
  redactQuery(query: string): string;
  redactMessage(text: string): string;
  readonly censor: string;
}

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
 * Key decisions are cached: attribute keys repeat across spans.
 */
export class SpanRedactionProcessor implements SpanProcessor {
  private readonly decisions = new Map<string, boolean>();

  constructor(private readonly policy: SpanRedactionPolicy) {}

  onStart(_span: Span, _parent: Context): void {}

  onEnding(span: Span): void {
    const { policy } = this;
    const attributes = span.attributes;
    for (const key in attributes) {
      let sensitive = this.decisions.get(key);
      if (sensitive === undefined) {
        sensitive = policy.isSensitiveKey(key);
        if (this.decisions.size < 10_000) this.decisions.set(key, sensitive);
      }
      const value = attributes[key];
      if (sensitive) {
        if (value !== policy.censor) span.setAttribute(key, policy.censor);
      } else if (typeof value === 'string') {
        const redacted = PATHS.has(key) ? policy.redactPath(value) : URLS.has(key) ? policy.redactUrl(value) : QUERIES.has(key) ? policy.redactQuery(value) : value;
        if (redacted !== value) span.setAttribute(key, redacted);
      } else if (Array.isArray(value) && (key.startsWith('http.request.header.') || key.startsWith('http.response.header.'))) {
        // Captured headers (OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*) that are not secret by name.
        span.setAttribute(key, (value as unknown[]).map((v) => (typeof v === 'string' ? policy.redactMessage(v) : v)) as string[]);
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

  onEnd(): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
