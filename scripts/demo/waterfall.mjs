// The rows of a trace waterfall, shared by the terminal and HTML reports: spans in tree order with
// their depth, offset and duration relative to the trace's start.
export function waterfallRows(trace) {
  const spans = trace.spans;
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = ids.has(s.parentSpanId) ? s.parentSpanId : '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.endMs));
  const rows = [];
  const walk = (parent, depth) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.startMs - b.startMs)) {
      rows.push({ span: s, depth, offsetMs: s.startMs - start, durationMs: s.endMs - s.startMs });
      walk(s.spanId, depth + 1);
    }
  };
  walk('', 0);
  return { rows, totalMs: Math.max(end - start, 0.001), startMs: start };
}

/** The attributes worth showing next to a span: breaker ones, HTTP status, request id. */
export function keyAttributes(span) {
  return Object.entries(span.attributes).filter(([k]) => k.startsWith('circuit_breaker.') || k === 'http.response.status_code' || k === 'request.id');
}

/** The error of a span: its status message, or the message of its exception event. */
export function spanError(span) {
  if (span.status.code !== 2) return undefined;
  const exception = span.events.find((e) => e.name === 'exception');
  const status = span.attributes['http.response.status_code'];
  return exception?.attributes['exception.message'] || span.status.message || (status ? `HTTP ${status}` : 'status ERROR');
}

/** Breaker state segments [from, to) over the window, starting in `initial`. */
export function stateSegments(transitions, initial, startMs, endMs) {
  const segments = [];
  let state = initial;
  let at = startMs;
  for (const t of transitions) {
    if (t.at > at) segments.push({ state, fromMs: at, toMs: t.at });
    state = t.to;
    at = Math.max(at, t.at);
  }
  segments.push({ state, fromMs: at, toMs: Math.max(endMs, at) });
  return segments;
}
