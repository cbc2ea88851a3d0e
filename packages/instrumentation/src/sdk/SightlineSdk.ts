import { context, diag, DiagLogLevel, logs, metrics, propagation, trace, type Logger, type LoggerProvider as ApiLoggerProvider, type TextMapPropagator } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordProcessor, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type Sampler, type SpanProcessor, type TracerProvider } from '@opentelemetry/sdk-trace';
import { emitPendingLogLines } from '@sightline/pino/pending';
import type { MetricTarget, SightlineConfig } from '../config/SightlineConfig.js';
import { countingLogExporter, countingMetricExporter, countingSpanExporter } from './counting-exporters.js';
import { createLogExporter, createMetricExporter, createPrometheusReader, createSpanExporter, encodesOwnProtobuf } from './create-exporters.js';
import { DropReporter } from './DropReporter.js';
import { LeanTracerProvider } from './LeanTracerProvider.js';
import { EncodeOnEmitProcessor } from './otlp/EncodeOnEmitProcessor.js';
import { EncodeOnEndProcessor } from './otlp/EncodeOnEndProcessor.js';
import { PooledIdGenerator } from './PooledIdGenerator.js';
import type { Flushable } from './shutdown-hooks.js';
import { shareFrozenAttributeHashes } from './share-attribute-hashes.js';
import { SightlineDiagLogger } from './SightlineDiagLogger.js';
import { threadIdMetricExporter } from './thread-id-exporter.js';
import { WorkerForwarder } from './WorkerForwarder.js';
import { WorkerReceiver } from './WorkerReceiver.js';
import { warnOnce, writeLine } from './stderr.js';

const DIAG_LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE, error: DiagLogLevel.ERROR, warn: DiagLogLevel.WARN, info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG, verbose: DiagLogLevel.VERBOSE, all: DiagLogLevel.ALL,
};

export interface SdkParts {
  sampler: Sampler;
  propagator: TextMapPropagator;
  /** Processors that run before the exporting ones (business metrics, breakers), given the meter provider. */
  spanProcessors: (meterProvider: MeterProvider) => SpanProcessor[];
  /** Applied to the sampler once the span processors exist. */
  wrapSampler?: (s: Sampler) => Sampler;
  /** Set inside a worker thread: spans and logs go to the main thread, metric points carry the id. */
  workerThreadId?: number;
}

function targetName(t: MetricTarget): string {
  if (t.kind === 'prometheus') return `prometheus ${t.host}:${t.port}`;
  return t.kind === 'console' ? 'console' : new URL(t.url).host;
}

/** Said once per kind of item: the item is queued as it is and encoded at export instead. */
function encodeAheadFailed(what: string): (err: unknown) => void {
  return (err) => warnOnce(`encode-ahead ${what}`, `could not encode ${what} (it is encoded at export instead): ${(err as Error)?.message ?? String(err)}`);
}

/** Builds one pipeline element per target; a target whose exporter cannot be built is skipped, not fatal. */
function perTarget<T, Target extends MetricTarget>(targets: Target[], signal: string, build: (t: Target) => T): T[] {
  const out: T[] = [];
  for (const t of targets) {
    try {
      out.push(build(t));
    } catch (err) {
      writeLine(`could not create the ${signal} exporter for ${targetName(t)} (${(err as Error)?.message ?? String(err)}); ${signal} are not sent there`);
    }
  }
  return out;
}

/** The three providers wired to the configured exporters and registered as the global API providers. */
export class SightlineSdk implements Flushable {
  readonly drops = new DropReporter(10_000, writeLine);
  readonly meterProvider: MeterProvider;
  readonly tracerProvider: TracerProvider;
  readonly contextManager: AsyncLocalStorageContextManager;
  /** Whether log records go anywhere (an exporter, or the main thread from a worker). */
  readonly exportsLogs: boolean;
  /** Whether metrics go anywhere (a reader: an exporter or the scrape endpoint). */
  readonly exportsMetrics: boolean;
  readonly #exporting: SpanProcessor[];
  /** Span and log exporters: a flush also waits for the exports they already have on the wire. */
  readonly #exporters: Array<{ forceFlush?(): Promise<void> }> = [];
  #ended = 0;
  #logs: { provider: LoggerProvider; processors: LogRecordProcessor[] } | undefined;
  readonly #createLogs: () => { provider: LoggerProvider; processors: LogRecordProcessor[] };
  #workers: WorkerReceiver | undefined;

  constructor(config: SightlineConfig, resource: Resource, parts: SdkParts) {
    diag.setLogger(new SightlineDiagLogger(this.drops), { logLevel: DIAG_LEVELS[config.logLevel] ?? DiagLogLevel.WARN, suppressOverrideMessage: true });
    const { drops } = this;
    shareFrozenAttributeHashes();

    const worker = parts.workerThreadId;
    // A worker thread serves no scrape endpoint of its own: the main thread's one is the process's.
    const metricTargets = worker === undefined ? config.exporters.metrics : config.exporters.metrics.filter((t) => t.kind !== 'prometheus');
    const readers = perTarget(metricTargets, 'metrics', (t): MetricReader => (t.kind === 'prometheus' ? createPrometheusReader(t, writeLine) : new PeriodicExportingMetricReader({
      exporter: ((e) => (worker === undefined ? e : threadIdMetricExporter(e, worker)))(countingMetricExporter(createMetricExporter(t, config.metricTemporality), drops, targetName(t))),
      exportIntervalMillis: config.metricExportIntervalMs,
      exportTimeoutMillis: Math.min(config.metricExportTimeoutMs, config.metricExportIntervalMs),
    })));
    this.meterProvider = new MeterProvider({ resource, readers });
    this.exportsMetrics = readers.length > 0;
    drops.bindMeter(this.meterProvider.getMeter('@sightline/instrumentation'));

    const forwarder = worker === undefined ? undefined
      : new WorkerForwarder(worker, (err) => writeLine(`could not pass telemetry to the main thread: ${(err as Error)?.message ?? String(err)}`));
    const exporting: SpanProcessor[] = forwarder ? [forwarder]
      : perTarget(config.exporters.traces, 'traces', (t) => {
        const batch = new BatchSpanProcessor({
          ...config.spanBatch,
          exporter: this.#keep(countingSpanExporter(createSpanExporter(t), drops, targetName(t))),
          selfObsMeterProvider: this.meterProvider,
        });
        return encodesOwnProtobuf(t) ? new EncodeOnEndProcessor(batch, encodeAheadFailed('a span as it ended')) : batch;
      });
    this.#exporting = exporting;
    const first = parts.spanProcessors(this.meterProvider);
    this.tracerProvider = new LeanTracerProvider({
      resource,
      idGenerator: new PooledIdGenerator(),
      sampler: parts.wrapSampler?.(parts.sampler) ?? parts.sampler,
      spanProcessors: [...first, ...exporting, this.#counter()],
    });

    this.exportsLogs = forwarder !== undefined || config.exporters.logs.length > 0;
    // The logs pipeline (its processors and exporters) is built when the first logger is asked for or
    // a worker posts a record: an app that never logs through OpenTelemetry never builds it.
    this.#createLogs = () => {
      const processors: LogRecordProcessor[] = forwarder ? [forwarder]
        : perTarget(config.exporters.logs, 'logs', (t) => {
          const batch = new BatchLogRecordProcessor({
            ...config.logBatch,
            exporter: this.#keep(countingLogExporter(createLogExporter(t), drops, targetName(t))),
          });
          return encodesOwnProtobuf(t) ? new EncodeOnEmitProcessor(batch, encodeAheadFailed('a log record as it was emitted')) : batch;
        });
      return { provider: new LoggerProvider({ resource, processors }), processors };
    };

    this.contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(this.contextManager);
    propagation.setGlobalPropagator(parts.propagator);
    trace.setGlobalTracerProvider(this.tracerProvider);
    metrics.setGlobalMeterProvider(this.meterProvider);
    logs.setGlobalLoggerProvider(this.lazyLoggerProvider);
  }

  /**
   * The global logger provider and the instrumentations' one: its loggers build the logs pipeline on
   * their first record (instrumentations ask for a logger when they are registered, not when they log).
   */
  readonly lazyLoggerProvider: ApiLoggerProvider = {
    getLogger: (name, version, options) => {
      let real: Logger | undefined;
      const logger = (): Logger => (real ??= this.loggerProvider.getLogger(name, version, options));
      return { emit: (record) => logger().emit(record), enabled: (o) => logger().enabled(o) };
    },
  };

  get loggerProvider(): LoggerProvider {
    this.#logs ??= this.#createLogs();
    return this.#logs.provider;
  }

  /** Sampled spans ended so far (worker spans included): tells a shutdown whether another flush is due. */
  get endedSpans(): number {
    return this.#ended;
  }

  #keep<E extends { forceFlush?(): Promise<void> }>(exporter: E): E {
    this.#exporters.push(exporter);
    return exporter;
  }

  #counter(): SpanProcessor {
    return {
      onStart: () => {},
      onEnd: (span) => {
        if (span.spanContext().traceFlags & 1) this.#ended++;
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
  }

  /** Main thread: exports the spans and logs worker threads post, under this process's resource. */
  receiveFromWorkers(resource: Resource): void {
    this.#workers = new WorkerReceiver({
      resource,
      span: (span) => {
        for (const p of this.#exporting) p.onEnd(span);
        this.#ended++;
      },
      log: (record) => {
        this.#logs ??= this.#createLogs();
        for (const p of this.#logs.processors) p.onEmit(record as ReadWriteLogRecord);
      },
      onError: (err) => writeLine(`could not export a worker thread's telemetry: ${(err as Error)?.message ?? String(err)}`),
    });
  }

  async flush(timeoutMs: number): Promise<void> {
    emitPendingLogLines();
    await this.#workers?.settle();
    await Promise.all([
      this.tracerProvider.forceFlush({ timeoutMillis: timeoutMs }),
      this.#logs?.provider.forceFlush({ timeoutMillis: timeoutMs }),
    ]);
    // The batch processors' forceFlush sends what is queued, but returns at once when an earlier
    // flush or their timer already took the queue and its export is still on the wire; an exit
    // after that would cut the request off. The exporters' forceFlush waits for those exports.
    await Promise.all(this.#exporters.map((e) => e.forceFlush?.()));
    // Metrics last: they include the drop counts of the flush above.
    await this.meterProvider.forceFlush({ timeoutMillis: timeoutMs });
    this.drops.report();
  }

  async shutdown(timeoutMs: number): Promise<void> {
    emitPendingLogLines();
    await this.#workers?.settle();
    this.#workers?.close();
    await Promise.all([
      this.tracerProvider.shutdown(),
      this.#logs?.provider.shutdown(),
    ]);
    await this.meterProvider.shutdown({ timeoutMillis: timeoutMs });
    this.drops.report();
  }
}
