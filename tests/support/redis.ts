// A throwaway Redis on 127.0.0.1 (scripts/start-redis.mjs, shared with scripts outside the suites).
export { startRedis } from '../../scripts/start-redis.mjs';
export type { LocalServer } from '../../scripts/local-server.mjs';
