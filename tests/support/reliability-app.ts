import { fileURLToPath } from 'node:url';
import { startNode, type RunningProcess } from './process.js';

/** packages/instrumentation: its node_modules resolve the preload, pino and the fixture's imports. */
export const INSTRUMENTATION_ROOT = fileURLToPath(new URL('../../packages/instrumentation/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../packages/instrumentation/test/fixtures/app/reliability.mjs', import.meta.url));

export interface AppStats {
  rss: number;
  heapUsed: number;
  /** Uncaught exceptions and unhandled rejections the app saw, and requests that failed inside it. */
  appErrors: number;
}

export interface ReliabilityApp extends RunningProcess {
  port: number;
  stats(): Promise<AppStats>;
}

/**
 * Starts the reliability fixture (packages/instrumentation/test/fixtures/app/reliability.mjs) under
 * `--import @sightline/instrumentation` with fast export intervals, and waits until it listens.
 */
export async function startReliabilityApp(env: NodeJS.ProcessEnv, nodeArgs: string[] = [], wrapper?: string[]): Promise<ReliabilityApp> {
  const proc = startNode(['--expose-gc', ...nodeArgs, '--import', '@sightline/instrumentation', FIXTURE], {
    cwd: INSTRUMENTATION_ROOT,
    wrapper,
    env: { OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_BLRP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '500', ...env },
  });
  const port = Number((await proc.waitForOutput(/listening (\d+)/, 20_000))[1]);
  return {
    ...proc,
    port,
    stats: async () => (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as AppStats,
  };
}
