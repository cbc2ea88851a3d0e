import { fileURLToPath } from 'node:url';
import { startNode, type RunningProcess } from '@sightline/tests/process';

export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/app/', import.meta.url));

export interface RunningApp extends RunningProcess {
  port: number;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

export interface AppOptions {
  preload?: 'import' | 'require';
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Base URL of the OTLP receiver; omitted when env already says where to export. */
  otlp?: string;
}

/** Starts a fixture app under the preload with fast export intervals and waits for it to listen. */
export async function startApp(fixture: string, o: AppOptions = {}): Promise<RunningApp> {
  const flag = o.preload === 'require' ? '--require' : '--import';
  const env: NodeJS.ProcessEnv = {
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_BLRP_SCHEDULE_DELAY: '50',
    OTEL_METRIC_EXPORT_INTERVAL: '300',
    ...(o.otlp ? { OTEL_EXPORTER_OTLP_ENDPOINT: o.otlp } : {}),
    ...o.env,
  };
  const proc = startNode([...(o.nodeArgs ?? []), flag, '@sightline/instrumentation', FIXTURES + fixture], { cwd: PACKAGE_ROOT, env });
  const m = await proc.waitForOutput(/listening (\d+)/);
  const port = Number(m[1]);
  return {
    ...proc,
    port,
    get: (path, headers) => fetch(`http://127.0.0.1:${port}${path}`, { headers }),
  };
}
