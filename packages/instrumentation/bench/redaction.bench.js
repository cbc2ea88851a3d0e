// What the span redaction costs per ended server span, against an SDK span start+end in the same run.
//
//   node bench/redaction.bench.js        (from packages/instrumentation, after `pnpm build`)
//
// Variants, each on spans shaped like the preload's server spans: `start+end` (the SDK alone, the
// baseline), `keys only` (censoring sensitive attribute keys, what the processor did before URL
// redaction), `keys+urls` (the processor as shipped) on a route-like path (`/orders/123`, the common
// case the one-pass pre-check settles) and on a path that holds an e-mail (the regex path).
// Median of 5 rounds; ratios are to the baseline of the same round. Not a test: nothing asserts timing.
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { RedactionPolicy } from '@sightline/pino';
import { SpanRedactionProcessor } from '../dist/sdk/SpanRedactionProcessor.mjs';

const N = 200_000;
const policy = new RedactionPolicy();
const keysOnly = {
  onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {},
  onEnding(span) {
    for (const key in span.attributes) if (policy.isSensitiveKey(key) && span.attributes[key] !== policy.censor) span.setAttribute(key, policy.censor);
  },
};
const variants = {
  'start+end': [],
  'keys only': [keysOnly],
  'keys+urls /orders/123': [new SpanRedactionProcessor(policy)],
  'keys+urls /users/<e-mail>': [new SpanRedactionProcessor(policy)],
};

function run(name, processors) {
  const tracer = new TracerProvider({ spanProcessors: processors }).getTracer('bench');
  const path = name.includes('e-mail') ? '/users/jane.doe@example.com' : '/orders/123';
  const attributes = { 'http.request.method': 'GET', 'url.path': path, 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': 3000, 'user_agent.original': 'autocannon', 'client.address': '127.0.0.1' };
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const span = tracer.startSpan('GET', { kind: 1, attributes });
    span.setAttribute('http.response.status_code', 200);
    span.end();
  }
  return Number(process.hrtime.bigint() - start) / N;
}

for (const [name, p] of Object.entries(variants)) run(name, p); // warm-up
const results = Object.fromEntries(Object.keys(variants).map((n) => [n, []]));
for (let round = 0; round < 5; round++) {
  const base = run('start+end', []);
  for (const [name, p] of Object.entries(variants)) results[name].push({ ns: name === 'start+end' ? base : run(name, p), base });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`redaction: ${N} server-shaped spans per variant and round, median of 5 rounds`);
for (const [name, rs] of Object.entries(results)) {
  const ns = median(rs.map((r) => r.ns));
  const extra = median(rs.map((r) => r.ns - r.base));
  console.log(`${name.padEnd(28)} ${ns.toFixed(0).padStart(6)} ns/span  x${median(rs.map((r) => r.ns / r.base)).toFixed(2)}  ${name === 'start+end' ? '' : `+${extra.toFixed(0)} ns`}`);
}
