import type { HealthCheckOptions } from '../CheckRunner.js';

/** The part of a `pg` Pool (or Client) the check uses. */
export interface PgQueryable {
  query(text: string): Promise<unknown>;
}

export interface PgCheckOptions extends Omit<HealthCheckOptions, 'name' | 'check'> {
  /** Default `postgres`. */
  name?: string;
  /** Default `SELECT 1`. */
  query?: string;
}

/** A check that a `pg` pool can run a query (it takes a connection from the pool like any query). */
export function pgCheck(pool: PgQueryable, options: PgCheckOptions = {}): HealthCheckOptions {
  const { name = 'postgres', query = 'SELECT 1', ...rest } = options;
  return { ...rest, name, check: async () => { await pool.query(query); } };
}
