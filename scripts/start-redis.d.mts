import type { LocalServer } from './local-server.mjs';
export function startRedis(options?: { port?: number }): Promise<LocalServer>;
