// What one span's life costs in the tracer and the span itself: the SDK's TracerProvider against
// Sightline's LeanTracerProvider (src/sdk/LeanTracer.ts, LeanSpan.ts), both as the preload bundles
// them (dist/preload.cjs, with the build's SDK patches: tsdown.config.mjs), same sampler, ids and
// no-op processor, in the same run.
//
//   node bench/span-lifecycle.bench.js      (from packages/instrumentation, after `pnpm build`)
//
// A server-like span: 3 attributes at start, 6 more, the status code, end; sampled (always_on) and
// dropped (always_off: the non-recording span a 10% ratio gives nine requests in ten). Alternating
// rounds after a warm-up, medians of 7. A loop is a lower bound of what the same code costs on a
// request path (bench/RESULTS.md, section 20). Not a test: nothing asserts timing.
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler } from '@opentelemetry/sdk-trace';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './lib/median.js';

// The bundled classes are reached through the preload's own provider, so the bench runs under it.
if (process.env.SPAN_LIFECYCLE_UNDER_PRELOAD !== '1') {
  const register = fileURLToPath(new URL('../dist/register.mjs', import.meta.url));
  // The preload's start-up line goes to stderr: shown only when the bench fails.
  const { status, stderr } = spawnSync(process.execPath, ['--import', register, fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, SPAN_LIFECYCLE_UNDER_PRELOAD: '1', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_SERVICE_NAME: 'span-lifecycle-bench' },
  });
  if (status !== 0) process.stderr.write(stderr);
  process.exit(status ?? 1);
}

const SPANS = 200_000;
const ROUNDS = 7;
const processor = { onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {} };
const preloadProvider = trace.getTracerProvider().getDelegate();
const LeanTracerProvider = preloadProvider.constructor;
const SdkTracerProvider = Object.getPrototypeOf(LeanTracerProvider);
const IdGenerator = preloadProvider._tracerOptions.idGenerator.constructor;
if (LeanTracerProvider.name !== 'LeanTracerProvider') throw new Error(`the preload's provider is ${LeanTracerProvider.name}, not LeanTracerProvider`);

function tracerOf(Provider, sampler) {
  return new Provider({ sampler, idGenerator: new IdGenerator(), spanProcessors: [processor] }).getTracer('bench');
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
  { name: 'sdk, sampled', tracer: tracerOf(SdkTracerProvider, new AlwaysOnSampler()) },
  { name: 'lean, sampled', tracer: tracerOf(LeanTracerProvider, new AlwaysOnSampler()) },
  { name: 'sdk, dropped', tracer: tracerOf(SdkTracerProvider, new AlwaysOffSampler()) },
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
