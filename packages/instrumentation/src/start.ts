import { metrics, trace, type Attributes } from '@opentelemetry/api';
import {
  ATTR_CIRCUIT_BREAKER_NAME, ATTR_JOB_NAME, AlwaysRecordSampler, BusinessMetricsSpanProcessor, createSightlineProcessors,
  BAGGAGE_CLIENT_SERVICE,
} from '@sightline/processors';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { getEnvironmentData, isMainThread, setEnvironmentData, threadId } from 'node:worker_threads';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { formatProblem } from './config/Problem.js';
import { resolveConfig } from './config/resolve-config.js';
import type { SightlineConfig } from './config/SightlineConfig.js';
import { HttpClientInstrumentation } from './http/HttpClientInstrumentation.js';
import { HttpServerInstrumentation } from './http/HttpServerInstrumentation.js';
import { compileIgnorePaths } from './http/ignore-paths.js';
import { drainStep } from './health/drain-step.js';
import { isMountedProbePath, startHealth } from './health/global-health.js';
import { isProbeRequest } from './health/HealthServer.js';
import { isInstrumentationEnabled } from './instrumentations.js';
import { createPropagator } from './sdk/create-propagator.js';
import { createResource, type AppResource } from './sdk/create-resource.js';
import { createSampler } from './sdk/create-sampler.js';
import { detectToolProcess } from './sdk/detect-tool-process.js';
import { installCrashHooks } from './sdk/crash-hooks.js';
import { ExitGuard } from './sdk/ExitGuard.js';
import { installShutdownHooks } from './sdk/shutdown-hooks.js';
import { ShutdownSequence, type ShutdownStep } from './sdk/ShutdownSequence.js';
import { SightlineSdk } from './sdk/SightlineSdk.js';
import { SpanRedactionProcessor } from './sdk/SpanRedactionProcessor.js';
import { startupLine } from './sdk/startup-line.js';
import { warnOnce, writeLine } from './sdk/stderr.js';
import { SentryBridge } from './sentry/SentryBridge.js';
import { startLibraries } from './start-libraries.js';

const require = createRequire(import.meta.url);
const GLOBAL = Symbol.for('sightline.instrumentation');
const VERSION = (require('../package.json') as { version: string }).version;

export interface StartOptions {
  /** Environment to read instead of `process.env` (tests, embedding). */
  env?: NodeJS.ProcessEnv;
}

export interface SightlineHandle {
  readonly config: SightlineConfig;
  /** Exports everything buffered so far, within the timeout. */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes and stops every signal; later telemetry is dropped. */
  shutdown(timeoutMs?: number): Promise<void>;
}

type GlobalSlot = { handle: SightlineHandle | undefined; version: string };
let ownSlot: GlobalSlot | undefined;

/**
 * What the register entry points call: the ESM and the CommonJS entry of this very copy (`--import`
 * plus `--require`) both arrive here, and that is not a second copy, so the second is silent.
 */
export function startFromEntry(): void {
  const existing = (globalThis as { [GLOBAL]?: GlobalSlot })[GLOBAL];
  if (existing && existing === ownSlot) return;
  startSightline();
}

/**
 * Starts Sightline once per process: a second call (the preload loaded twice, or through both
 * `--import` and `--require`) warns once and returns the running instance.
 */
export function startSightline(options: StartOptions = {}): SightlineHandle | undefined {
  const g = globalThis as { [GLOBAL]?: GlobalSlot };
  const existing = g[GLOBAL];
  if (existing) {
    warnOnce('twice', `loaded more than once (first: ${existing.version}); keeping the first instance`);
    return existing.handle;
  }
  const slot: GlobalSlot = { handle: undefined, version: VERSION };
  g[GLOBAL] = slot;
  ownSlot = slot;
  try {
    slot.handle = start(options.env ?? process.env);
  } catch (err) {
    writeLine(`could not start, the app runs without telemetry: ${(err as Error)?.stack ?? String(err)}`);
  }
  return slot.handle;
}

/** Configured paths, and every probe request: on the probe port, or on a server the probes are mounted on. */
function ignoreRequest(isIgnoredPath: (path: string) => boolean): (path: string, req: IncomingMessage) => boolean {
  return (path, req) => isIgnoredPath(path) || isProbeRequest(req) || isMountedProbePath(path);
}

function start(env: NodeJS.ProcessEnv): SightlineHandle | undefined {
  const tool = detectToolProcess(process.argv[1]);
  if (tool) {
    writeLine(`standing aside: this process is ${tool} (${process.argv[1]}), not an app; the processes it starts are instrumented`);
    return undefined;
  }
  const config = resolveConfig(env);
  // `--import`/`--require` run again in every worker thread. A worker is part of the process the main
  // thread already announced: it prints nothing, leaves signals and exits to the main thread, and
  // hands its spans and logs to it (one telemetry identity per process); its metric points carry `thread.id`.
  const worker = isMainThread ? undefined : threadId;
  if (worker !== undefined) {
    if (config.disabled || (config.strict && config.problems.length > 0)) return undefined;
  } else {
    for (const p of config.problems) writeLine(`config: ${formatProblem(p)}`);
  }
  if (worker === undefined && config.strict && config.problems.length > 0) {
    writeLine(`SIGHTLINE_STRICT is set and the configuration has ${config.problems.length} problem(s): refusing to start`);
    process.exit(78);
  }
  if (config.disabled) {
    writeLine('disabled by OTEL_SDK_DISABLED=true');
    // Probes are not telemetry: a pod must not turn unready because telemetry is switched off.
    if (config.health.port !== undefined && isMainThread) {
      const sequence = new ShutdownSequence([drainStep(startHealth(config.health, { telemetry: false }))]);
      const guard = new ExitGuard({ flush: async () => {}, endedSpans: () => 0, timeoutMs: 0, sequence });
      installShutdownHooks({ sequence, guard, shutdown: async () => {}, timeoutMs: 0 });
    }
    return undefined;
  }
  const detected = createResource(config, env, writeLine);
  const { resource, serviceName, serviceVersion, environment } = (worker !== undefined && inheritedResource(detected)) || detected;
  if (worker === undefined) shareResourceWithWorkers(resource);
  const sentry = config.sentryDsn
    ? SentryBridge.create({ dsn: config.sentryDsn, environment, release: serviceVersion && `${serviceName}@${serviceVersion}`, timeoutMs: config.shutdownTimeoutMs, warn: writeLine, redaction: config.pino.redaction || undefined }, 10_000)
    : undefined;
  // Without the bridge (no @sentry/core) nothing goes to Sentry, its OTLP target included.
  if (!sentry) config.exporters.traces = config.exporters.traces.filter((t) => t.source !== 'sentry');
  let processorCount = 0;
  let business: BusinessMetricsSpanProcessor | undefined;
  // Spans the sampler drops are still recorded when a processor may count them: breaker and job runs,
  // and every span once a business rule exists (rules match any span or event).
  const needsRecording = (attributes: Attributes): boolean => (business !== undefined && business.ruleCount > 0)
    || attributes[ATTR_CIRCUIT_BREAKER_NAME] !== undefined || attributes[ATTR_JOB_NAME] !== undefined;
  const sdk = new SightlineSdk(config, resource, {
    sampler: createSampler(config.sampler),
    // The service-graph processor of the callee learns this service's name from the propagated baggage
    // (what ServiceGraphPropagator does, written by the baggage propagator itself).
    propagator: createPropagator(config.propagators, config.processors.serviceGraph ? { key: BAGGAGE_CLIENT_SERVICE, value: serviceName } : undefined),
    spanProcessors: (meterProvider) => {
      const list = createSightlineProcessors({ settings: config.processors, meterProvider, warn: writeLine, serviceName });
      processorCount = list.length;
      business = list.find((p): p is BusinessMetricsSpanProcessor => p instanceof BusinessMetricsSpanProcessor);
      const redaction = config.pino.redaction === false ? [] : [new SpanRedactionProcessor(config.pino.redaction)];
      return [...redaction, ...list, ...(sentry ? [sentry.spanProcessor()] : [])];
    },
    wrapSampler: (s) => (processorCount > 0 ? new AlwaysRecordSampler(s, needsRecording) : s),
    workerThreadId: worker,
  });

  const names: string[] = [];
  const onError = (where: string, err: unknown): void => warnOnce(`err:${where}`, `internal error in ${where} (telemetry for it is skipped): ${(err as Error)?.message ?? String(err)}`);
  if (isInstrumentationEnabled('http', config.enabledInstrumentations, config.disabledInstrumentations)) {
    const tracer = trace.getTracer('@sightline/instrumentation', VERSION);
    const meter = metrics.getMeter('@sightline/instrumentation', VERSION);
    new HttpServerInstrumentation({
      tracer, meter, onError,
      attach: (ctx) => sdk.contextManager.attach(ctx),
      isIgnored: ignoreRequest(compileIgnorePaths(config.ignorePaths)),
      requestIdHeaders: config.requestIdHeaders,
      captureRequestHeaders: config.captureHeaders.serverRequest,
      captureResponseHeaders: config.captureHeaders.serverResponse,
    }).enable();
    new HttpClientInstrumentation({
      tracer, meter, onError,
      captureRequestHeaders: config.captureHeaders.clientRequest,
      captureResponseHeaders: config.captureHeaders.clientResponse,
    }).enable();
    names.push('http');
  }
  const libraries = startLibraries(config, sdk, writeLine);
  names.push(...libraries.afterStart);

  const handle: SightlineHandle = {
    config,
    flush: (ms = config.shutdownTimeoutMs) => sdk.flush(ms),
    shutdown: (ms = config.shutdownTimeoutMs) => sdk.shutdown(ms),
  };
  if (worker !== undefined) return handle;
  sdk.receiveFromWorkers(resource);
  const { redaction } = config.pino;
  const health = startHealth(config.health, { telemetry: true, ...(redaction ? { redact: (m: string) => redaction.redactMessage(m) } : {}) });
  installLifecycle(sdk, config.shutdownTimeoutMs, drainStep(health));
  const extras = (libraries.esmHook === 'none' ? '' : ` | esm hook=${libraries.esmHook}`) + (sentry ? ` | sentry errors -> ${sentry.host}` : '');
  writeLine(startupLine(config, serviceName, names, libraries.onFirstUse) + extras);
  return handle;
}

/**
 * Signals, crashes, exits and the natural end. The shutdown sequence is where phases before the
 * flush (the health probes' readiness drain) are added with `sequence.add(step, 'flush')`.
 */
function installLifecycle(sdk: SightlineSdk, timeoutMs: number, drain: ShutdownStep): void {
  const sequence = new ShutdownSequence([{ name: 'flush', timeoutMs, run: (ms) => sdk.flush(ms) }]);
  sequence.add(drain, 'flush');
  const guard = new ExitGuard({ flush: (ms) => sdk.flush(ms), endedSpans: () => sdk.endedSpans, timeoutMs, sequence });
  guard.install();
  installShutdownHooks({ sequence, guard, shutdown: (ms) => sdk.shutdown(ms), timeoutMs });
  installCrashHooks({ sdk, guard, timeoutMs });
}

const RESOURCE_KEY = 'sightline:resource';

/**
 * Worker threads get a copy of this environment data when they start: their metrics and logs carry
 * exactly the main thread's resource (a worker's argv names its own script, so detecting again would
 * tell a different process.command, or even another service.name).
 */
function shareResourceWithWorkers(resource: Resource): void {
  setEnvironmentData(RESOURCE_KEY, { ...resource.attributes });
  if (resource.asyncAttributesPending) void resource.waitForAsyncAttributes?.().then(() => setEnvironmentData(RESOURCE_KEY, { ...resource.attributes }), () => {});
}

function inheritedResource(detected: AppResource): AppResource | undefined {
  const attributes = getEnvironmentData(RESOURCE_KEY) as Record<string, string> | undefined;
  if (!attributes) return undefined;
  return {
    // The worker's own detection only adds what was still pending in the main thread (host.id).
    resource: detected.resource.merge(resourceFromAttributes(attributes)),
    serviceName: attributes['service.name'] ?? detected.serviceName,
    serviceVersion: attributes['service.version'],
    environment: attributes['deployment.environment.name'],
  };
}
