// A throwaway PostgreSQL on 127.0.0.1 (scripts/start-postgres.mjs, shared with scripts outside the suites).
export { startPostgres, postgresBinDir } from '../../scripts/start-postgres.mjs';
export type { LocalPostgres } from '../../scripts/start-postgres.mjs';
