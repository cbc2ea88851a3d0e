// What one span's life costs in the tracer and the span itself: the SDK's TracerProvider against
// Sightline's LeanTracerProvider (src/sdk/LeanTracer.ts, LeanSpan.ts), same sampler, ids and no-op
// processor, in the same run.
//
//   node bench/span-lifecycle.bench.js      (from packages/instrumentation, after `pnpm build`)
//
// A server-like span: 3 attributes at start, 6 more, the status code, end; sampled (always_on) and
// dropped (always_off: the non-recording span a 10% ratio gives nine requests in ten). Alternating
// rounds after a warm-up, medians of 7. A loop is a lower bound of what the same code costs on a
// request path (bench/RESULTS.md, section 20). Not a test: nothing asserts timing.
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { LeanTracerProvider } from '../dist/sdk/LeanTracerProvider.mjs';
import { PooledIdGenerator } from '../dist/sdk/PooledIdGenerator.mjs';
import { median } from './lib/median.js';

const SPANS = 200_000;
const ROUNDS = 7;
const processor = { onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {} };

function tracerOf(Provider, sampler) {
  return new Provider({ sampler, idGenerator: new PooledIdGenerator(), spanProcessors: [processor] }).getTracer('bench');
}

function serverSpans(tracer) {
  const start = performance.now();
  for (let i = 0; i < SPANS; i++) {
    const span = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': '/orders', 'url.scheme': 'http' } }, ROOT_CONTEXT);
    if (span.isRecording()) {
      span.setAttributes({
        'network.protocol.version': '1.1', 'request.id': '4bf92f35-77b3-4da6-a3ce-929d0e0e4736', 'server.address': 'localhost',
        'server.port': 3000, 'user_agent.original': 'autocannon', 'client.address': '127.0.0.1',
      });
      span.setAttribute('http.response.status_code', 200);
    }
    span.end();
  }
  return ((performance.now() - start) * 1000) / SPANS;
}

const variants = [
  { name: 'sdk, sampled', tracer: tracerOf(TracerProvider, new AlwaysOnSampler()) },
  { name: 'lean, sampled', tracer: tracerOf(LeanTracerProvider, new AlwaysOnSampler()) },
  { name: 'sdk, dropped', tracer: tracerOf(TracerProvider, new AlwaysOffSampler()) },
  { name: 'lean, dropped', tracer: tracerOf(LeanTracerProvider, new AlwaysOffSampler()) },
];
for (const v of variants) serverSpans(v.tracer); // warm-up
const times = new Map(variants.map((v) => [v.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const v of round % 2 ? [...variants].reverse() : variants) times.get(v.name).push(serverSpans(v.tracer));
}
console.log('variant           µs/span (median of 7 rounds)');
for (const v of variants) console.log(`${v.name.padEnd(16)}  ${median(times.get(v.name)).toFixed(3)}`);
for (const kind of ['sampled', 'dropped']) {
  const ratio = median(times.get(`lean, ${kind}`)) / median(times.get(`sdk, ${kind}`));
  console.log(`lean / sdk, ${kind}: ${ratio.toFixed(2)}x`);
}
