import type * as SentryCore from '@sentry/core';

export interface EventRedactionPolicy {
  redactMessage(text: string): string;
  redactUrl(url: string): string;
  redactQuery(query: string): string;
  redactValue(value: unknown): unknown;
  isSensitiveKey(key: string): boolean;
  readonly censor: string;
}

/**
 * Applies the one redaction policy to a Sentry event before it is sent: exception messages, the
 * event message, breadcrumbs (message and data), request data (URL, query, headers, cookies, body)
 * and extra data. Stack frames keep file names and lines; trace context is untouched.
 */
export function scrubEvent(event: SentryCore.Event, policy: EventRedactionPolicy): SentryCore.Event {
  for (const ex of event.exception?.values ?? []) {
    if (typeof ex.value === 'string') ex.value = policy.redactMessage(ex.value);
  }
  if (typeof event.message === 'string') event.message = policy.redactMessage(event.message);
  else if (event.message && typeof event.message === 'object') {
    const m = event.message as { message?: string; formatted?: string };
    if (m.message) m.message = policy.redactMessage(m.message);
    if (m.formatted) m.formatted = policy.redactMessage(m.formatted);
  }
  for (const crumb of event.breadcrumbs ?? []) {
    if (typeof crumb.message === 'string') crumb.message = policy.redactMessage(crumb.message);
    if (crumb.data) crumb.data = policy.redactValue(crumb.data) as typeof crumb.data;
  }
  const req = event.request;
  if (req) {
    if (typeof req.url === 'string') req.url = policy.redactUrl(req.url);
    if (typeof req.query_string === 'string') req.query_string = policy.redactQuery(req.query_string);
    else if (req.query_string) req.query_string = policy.redactValue(req.query_string) as typeof req.query_string;
    if (req.headers) req.headers = policy.redactValue(req.headers) as typeof req.headers;
    if (req.cookies) req.cookies = Object.fromEntries(Object.keys(req.cookies).map((k) => [k, policy.censor]));
    if (req.data !== undefined) req.data = policy.redactValue(req.data);
  }
  if (event.extra) event.extra = policy.redactValue(event.extra) as typeof event.extra;
  if (event.user) event.user = policy.redactValue(event.user) as typeof event.user;
  return event;
}
