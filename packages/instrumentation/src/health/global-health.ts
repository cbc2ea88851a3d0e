import { BreakerRegistry } from '@sightline/processors';
import { EnvReader } from '../config/EnvReader.js';
import { resolveHealthConfig, type HealthConfig } from '../config/health-config.js';
import { formatProblem } from '../config/Problem.js';
import { writeLine } from '../sdk/stderr.js';
import type { CheckRunner } from './CheckRunner.js';
import { EventLoopMonitor } from './EventLoopMonitor.js';
import { probeForUrl } from './health-paths.js';
import { HealthMonitor } from './HealthMonitor.js';
import { HealthServer } from './HealthServer.js';
import { HealthTelemetry } from './HealthTelemetry.js';
import { watchStartup } from './watch-startup.js';

export interface HealthSlot {
  readonly monitor: HealthMonitor;
  readonly config: HealthConfig;
  server: HealthServer | undefined;
  /** The handlers are mounted on one of the app's servers: their paths are then never traced there. */
  mountedOnApp: boolean;
  /** Resolves when the drain after SIGTERM/SIGINT has ended. */
  readonly drained: Promise<void>;
  endDrain(): void;
  /** The preload's shutdown sequence has a drain step; without one nothing would ever end the drain. */
  drainInstalled: boolean;
}

// On globalThis, so the preload and the API meet even if the package is loaded twice.
const KEY = Symbol.for('sightline.health');
type Holder = { [KEY]?: HealthSlot };

export function currentHealth(): HealthSlot | undefined {
  return (globalThis as Holder)[KEY];
}

/**
 * Creates the process's health state once: the event-loop monitor, startup detection, telemetry
 * (when the SDK is up) and, with a port configured, the probe server.
 */
export function startHealth(config: HealthConfig, options: { telemetry: boolean; redact?: (message: string) => string }): HealthSlot {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing) return existing;
  const loop = new EventLoopMonitor(config.loopDelayThresholdMs, config.loopDelayGraceMs);
  const registry = BreakerRegistry.global();
  const monitor: HealthMonitor = new HealthMonitor({
    loop,
    breakers: () => registry.breakers(),
    criticalBreakers: config.criticalBreakers,
    ...(options.redact ? { redact: options.redact } : {}),
    telemetry: options.telemetry ? new HealthTelemetry((): Iterable<CheckRunner> => monitor.runners()) : undefined,
  });
  let endDrain = (): void => {};
  const drained = new Promise<void>((resolve) => { endDrain = resolve; });
  const slot: HealthSlot = { monitor, config, server: undefined, mountedOnApp: false, drained, endDrain, drainInstalled: false };
  holder[KEY] = slot;
  if (config.startup === 'listen') watchStartup(() => slot.server?.server, () => monitor.markStarted());
  if (config.port !== undefined) {
    const server = new HealthServer(monitor);
    slot.server = server;
    monitor.markServed();
    void server.listen(config.port, config.host).then((address) => {
      if (address !== undefined) writeLine(`health endpoints on ${address} (/livez /readyz /startupz /healthz)`);
    });
  }
  return slot;
}

/** The running health state, or one started from `process.env` when the preload is not loaded. */
export function healthSlot(): HealthSlot {
  const existing = currentHealth();
  if (existing) return existing;
  const env = new EnvReader(process.env);
  const config = resolveHealthConfig(env);
  for (const p of env.problems) writeLine(`config: ${formatProblem(p)}`);
  return startHealth({ ...config, port: undefined }, { telemetry: false });
}

/** For the HTTP instrumentation: a probe path on a server the handlers are mounted on. */
export function isMountedProbePath(path: string): boolean {
  return (globalThis as Holder)[KEY]?.mountedOnApp === true && probeForUrl(path) !== undefined;
}
