// The optional PostgreSQL path: on only when DATABASE_URL or a PG* variable (PGHOST, PGDATABASE...) is
// set, so the example runs without a database. Completed orders are stored; the preload's pg
// instrumentation turns the queries and the pool into db.client.operation.duration and
// db.client.connection.* metrics.
import pg from 'pg';

const configured = () => Boolean(process.env.DATABASE_URL) || Object.keys(process.env).some((k) => /^PG[A-Z]+$/.test(k));

export async function openOrdersTable(log) {
  if (!configured()) return undefined;
  const max = Number(process.env.DATABASE_POOL_MAX ?? 5);
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number.isInteger(max) && max > 0 ? max : 5 });
  pool.on('error', (err) => log.warn({ err: err.message }, 'database connection error'));
  await pool.query(`CREATE TABLE IF NOT EXISTS orders (
    id text PRIMARY KEY, amount numeric NOT NULL, currency text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  log.info('orders are stored in PostgreSQL');
  return {
    insert: (order) => pool.query('INSERT INTO orders (id, amount, currency) VALUES ($1, $2, $3)', [order.id, order.amount, order.currency]),
    count: async () => Number((await pool.query('SELECT count(*) AS n FROM orders')).rows[0].n),
    close: () => pool.end(),
  };
}
