// How long the slowest `span.end()` calls take with a batch span processor exporting over OTLP
// http/protobuf: the upstream exporter (`exporter-trace-otlp-proto`, which encodes the batch inside
// the `end()` that fills it) against Sightline's (encodes on the next setImmediate), same run.
//
//   node bench/span-end-latency.bench.js      (from packages/instrumentation, after `pnpm build`)
//
// 60 batches of 512 server-like spans per variant to fixtures/otlp-sink.mjs (another process),
// yielding to the event loop every 32 spans as a server would between requests; alternating
// rounds, medians of 5. Reports the percentiles of the time one `end()` takes. Not a test.
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSpanExporter } from '../dist/sdk/create-exporters.mjs';
import { median } from './lib/median.js';
import { startChild } from './lib/start-child.js';

const BATCH = 512;
const BATCHES = 60;
const ROUNDS = 5;
const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
const sink = await startChild(process.execPath, [join(fixtures, 'otlp-sink.mjs')], {});
const url = `http://127.0.0.1:${sink.port}/v1/traces`;

const variants = {
  upstream: () => new OTLPTraceExporter({ url, concurrencyLimit: 4 }),
  sightline: () => createSpanExporter({ kind: 'otlp', source: 'bench', url, protocol: 'http/protobuf', headers: {}, tls: {}, timeoutMillis: 10_000, compression: 'none' }),
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function round(makeExporter) {
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: makeExporter(), maxExportBatchSize: BATCH, maxQueueSize: 2048, scheduledDelayMillis: 60_000 })] });
  const tracer = provider.getTracer('bench');
  const times = new Float64Array(BATCH * BATCHES);
  for (let i = 0; i < times.length; i++) {
    const span = tracer.startSpan('GET /orders/:id', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'url.path': `/orders/${i}`, 'http.route': '/orders/:id', 'http.response.status_code': 200, 'server.address': 'orders.internal', 'server.port': 8080, 'client.address': '10.0.4.21', 'user_agent.original': 'bench/1.0', 'network.protocol.version': '1.1', 'url.scheme': 'http' },
    });
    const t0 = process.hrtime.bigint();
    span.end();
    times[i] = Number(process.hrtime.bigint() - t0) / 1e3;
    if (i % 32 === 31) await tick();
  }
  await provider.shutdown();
  times.sort();
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: times[times.length - 1] };
}

try {
  for (const make of Object.values(variants)) await round(make);
  const samples = { upstream: [], sightline: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of r % 2 ? ['sightline', 'upstream'] : ['upstream', 'sightline']) samples[name].push(await round(variants[name]));
  }
  console.log(`span.end() with BatchSpanProcessor (${BATCHES} x ${BATCH} spans) -> OTLP http/protobuf sink, µs, median of ${ROUNDS} rounds, node ${process.version}`);
  console.log('| exporter | p50 | p99 | p99.9 | max |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, list] of Object.entries(samples)) {
    const m = (k) => median(list.map((s) => s[k])).toFixed(1);
    console.log(`| ${name} | ${m('p50')} | ${m('p99')} | ${m('p999')} | ${m('max')} |`);
  }
} finally {
  await sink.stop();
}
