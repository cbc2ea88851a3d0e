// Lines per second for plain pino, pino + Sightline, and pino + @opentelemetry/instrumentation-pino,
// in one run, each inside an active span with a request id in baggage, written to /dev/null.
// Prints ops/s and the ratio to plain pino. Run: pnpm --filter @sightline/pino bench (after build).
import { createRequire } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { correlateLogger, sightlinePinoOptions } from '../dist/index.mjs';

const require = createRequire(import.meta.url);
const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new TracerProvider());

// instrumentation-pino patches the pino factory at require time: it gets its own copy of pino,
// loaded after it was registered; the copy for the other variants is loaded before.
const pino = require('pino');
for (const key of Object.keys(require.cache)) if (key.includes('/pino/')) delete require.cache[key];
registerInstrumentations({ instrumentations: [new PinoInstrumentation({ disableLogSending: true })] });
const pinoForUpstream = require('pino');

const destinations = new Map();
const dest = () => pino.destination({ dest: '/dev/null', sync: true });
function make(build) {
  const d = dest();
  const logger = build(d);
  destinations.set(logger, d);
  return logger;
}
const variants = {
  'plain pino': make((d) => pino({}, d)),
  'pino + sightline correlator': make((d) => correlateLogger(pino({}, d), { logExport: 'never', redaction: false })),
  'pino + sightline (default redaction)': make((d) => correlateLogger(pino(sightlinePinoOptions({}), d), { logExport: 'never' })),
  'pino + instrumentation-pino': make((d) => pinoForUpstream({}, d)),
};
if (process.env.BENCH_EXPORT === '1') {
  variants['pino + sightline + OTLP export (noop provider)'] = make((d) => correlateLogger(pino({}, d), { logExport: 'always', redaction: false }));
}

function runOnce(logger) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < LINES; i++) logger.info({ orderId: i, status: 'paid' }, 'order updated');
  return LINES / (Number(process.hrtime.bigint() - start) / 1e9);
}

function captureLine(logger) {
  const stream = destinations.get(logger);
  const write = stream.write;
  let line = '';
  stream.write = (s) => { line = s; };
  try { logger.info({ orderId: 0, status: 'paid' }, 'order updated'); } finally { stream.write = write; }
  return line;
}

const span = trace.getTracer('bench').startSpan('request');
const ctx = propagation.setBaggage(trace.setSpan(context.active(), span), propagation.createBaggage({ 'request.id': { value: 'req-1234' } }));
context.with(ctx, () => {
  for (const [name, logger] of Object.entries(variants)) {
    // every variant but the baseline must really correlate, or the comparison is meaningless
    const line = captureLine(logger);
    if (name !== 'plain pino' && !line.includes('"trace_id":"')) throw new Error(`${name} did not add trace_id: ${line}`);
  }
  for (const logger of Object.values(variants)) runOnce(logger); // warm-up
  const best = Object.fromEntries(Object.keys(variants).map((k) => [k, 0]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, logger] of Object.entries(variants)) best[name] = Math.max(best[name], runOnce(logger)); // interleaved rounds
  }
  const base = best['plain pino'];
  console.log(`pino ${pino.version}, ${LINES} lines x ${ROUNDS} rounds (best round), node ${process.version}`);
  for (const [name, ops] of Object.entries(best)) {
    console.log(`${name.padEnd(48)} ${Math.round(ops).toString().padStart(10)} lines/s  ${(ops / base).toFixed(2)}x`);
  }
});
span.end();
