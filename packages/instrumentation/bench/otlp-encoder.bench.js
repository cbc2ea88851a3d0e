// What encoding an OTLP ExportTraceServiceRequest costs per span: the upstream serializer
// (@opentelemetry/otlp-transformer's ProtobufTraceSerializer, what exporter-trace-otlp-proto uses)
// against Sightline's encoder (src/sdk/otlp), on the same batches in the same run.
//
//   node bench/otlp-encoder.bench.js      (from packages/instrumentation, after `pnpm build`)
//
// Batches of 512 spans (the batch processor's default) shaped like the preload's HTTP server spans
// (~15 attributes, every 8th with an exception event, every 16th with a link). Alternating rounds
// after a warm-up; medians of 7 rounds. Not a test: nothing asserts timing.
import { SpanKind, SpanStatusCode, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { encodeTraceRequest } from '../dist/sdk/otlp/encode-trace-request.mjs';
import { ProtoWriter } from '../dist/sdk/otlp/ProtoWriter.mjs';
import { median } from './lib/median.js';

const BATCH = 512;
const BATCHES = 40;
const ROUNDS = 7;

function batches() {
  const ended = [];
  const resource = resourceFromAttributes({
    'service.name': 'orders', 'service.version': '1.4.2', 'deployment.environment.name': 'production',
    'host.name': 'ip-10-0-3-17', 'host.arch': 'amd64', 'os.type': 'linux', 'process.pid': 4242,
    'process.runtime.name': 'nodejs', 'process.runtime.version': '24.21.0', 'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.version': '3.1.0',
  });
  const provider = new TracerProvider({ resource, spanProcessors: [{ onStart() {}, onEnd: (s) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} }] });
  const tracer = provider.getTracer('@sightline/instrumentation', '0.1.0');
  const linkTo = { context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 } };
  for (let i = 0; i < BATCH * BATCHES; i++) {
    const span = tracer.startSpan('GET /orders/:id', {
      kind: SpanKind.SERVER,
      links: i % 16 === 0 ? [linkTo] : [],
      attributes: {
        'http.request.method': 'GET', 'url.path': `/orders/${i}`, 'url.scheme': 'http', 'http.route': '/orders/:id',
        'server.address': 'orders.internal', 'server.port': 8080, 'network.protocol.version': '1.1',
        'client.address': '10.0.4.21', 'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) bench/1.0',
        'http.response.status_code': i % 8 === 0 ? 500 : 200, 'http.request.body.size': 0,
        'http.response.body.size': 1324 + (i % 100), 'request.id': `req-${i.toString(36)}`, 'sampled.ratio': 1.0, 'cache.hit': i % 3 === 0,
      },
    }, i % 4 === 0 ? trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true }) : ROOT_CONTEXT);
    if (i % 8 === 0) {
      span.recordException(Object.assign(new Error('upstream timed out'), { stack: 'Error: upstream timed out\n    at handler (/app/src/orders.js:41:11)' }));
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timed out' });
    }
    span.end();
  }
  const out = [];
  for (let b = 0; b < BATCHES; b++) out.push(ended.slice(b * BATCH, (b + 1) * BATCH));
  return out;
}

const data = batches();
const writer = new ProtoWriter();
const variants = {
  upstream: (spans) => ProtobufTraceSerializer.serializeRequest(spans),
  sightline: (spans) => {
    encodeTraceRequest(writer, spans);
    return writer.finish();
  },
};

function round(encode) {
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (const spans of data) bytes += encode(spans).length;
  return { us: Number(process.hrtime.bigint() - t0) / 1e3 / (BATCH * BATCHES), bytes };
}

for (const encode of Object.values(variants)) for (let i = 0; i < 5; i++) round(encode);
const samples = { upstream: [], sightline: [] };
let sizes;
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? ['sightline', 'upstream'] : ['upstream', 'sightline'];
  sizes = {};
  for (const name of order) {
    const { us, bytes } = round(variants[name]);
    samples[name].push(us);
    sizes[name] = bytes;
  }
}
if (sizes.upstream !== sizes.sightline) throw new Error(`encoders disagree on size: ${sizes.upstream} vs ${sizes.sightline} bytes`);
const up = median(samples.upstream);
const own = median(samples.sightline);
console.log(`OTLP trace encoding, ${BATCHES} batches of ${BATCH} spans (${(sizes.upstream / BATCH / BATCHES).toFixed(0)} bytes/span), median of ${ROUNDS} rounds, node ${process.version}`);
console.log('| encoder | µs per span | ratio to upstream |');
console.log('|---|---:|---:|');
console.log(`| upstream ProtobufTraceSerializer | ${up.toFixed(3)} | 1.00x |`);
console.log(`| sightline encodeTraceRequest | ${own.toFixed(3)} | ${(own / up).toFixed(2)}x (${(up / own).toFixed(2)}x faster) |`);
