// registers logs through @opentelemetry/api 1.10 like the preload; fixtures/otel-setup.mjs uses api-logs
import { context, logs, propagation, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

interface TestOtel { spans: InMemorySpanExporter; logs: InMemoryLogRecordExporter }
const KEY = Symbol.for('sightline.pino.test.otel');

/** Installs global in-memory trace and log pipelines once per process (the test stand-in for the preload). */
export function setupOtel(): TestOtel {
  const g = globalThis as { [KEY]?: TestOtel };
  if (g[KEY]) return g[KEY];
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  const spans = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }));
  const records = new InMemoryLogRecordExporter();
  logs.setGlobalLoggerProvider(new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: records })] }) as unknown as Parameters<typeof logs.setGlobalLoggerProvider>[0]);
  g[KEY] = { spans, logs: records };
  return g[KEY];
}

/** Runs `fn` inside a new active span (with `attributes`) and, optionally, a request id in baggage. */
export function inSpan<T>(fn: (ctx: Context) => T, opts: { requestId?: string; attributes?: Record<string, string> } = {}): T {
  const span = trace.getTracer('test').startSpan('test', { attributes: opts.attributes ?? {} });
  let ctx = trace.setSpan(context.active(), span);
  if (opts.requestId !== undefined) ctx = propagation.setBaggage(ctx, propagation.createBaggage({ 'request.id': { value: opts.requestId } }));
  try {
    return context.with(ctx, () => fn(ctx));
  } finally {
    span.end();
  }
}

/** A pino destination collecting parsed lines. */
export function sink(): { lines: Array<Record<string, unknown>>; write(s: string): void } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) };
}
