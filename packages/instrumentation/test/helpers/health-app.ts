import { startApp, type AppOptions, type RunningApp } from './app.js';

export interface HealthApp extends RunningApp {
  healthPort: number;
  /** GET on the probe port. */
  probe(path: string): Promise<Response>;
  details(): Promise<any>;
}

/** The health fixture under the preload with the probe port on a free port (SIGHTLINE_HEALTH_PORT=0). */
export async function startHealthApp(o: AppOptions = {}): Promise<HealthApp> {
  const app = await startApp('health.mjs', { ...o, env: { SIGHTLINE_HEALTH_PORT: '0', SIGHTLINE_HEALTH_HOST: '127.0.0.1', ...o.env } });
  const m = await app.waitForOutput(/health endpoints on 127\.0\.0\.1:(\d+)/);
  const healthPort = Number(m[1]);
  const probe = (path: string) => fetch(`http://127.0.0.1:${healthPort}${path}`);
  return { ...app, healthPort, probe, details: async () => (await probe('/healthz')).json() };
}

/** Polls `fn` until it returns a value other than undefined (every 25 ms, up to `timeoutMs`). */
export async function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
