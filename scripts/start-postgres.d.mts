import type { LocalServer } from './local-server.mjs';
export interface LocalPostgres extends LocalServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth) */
  readonly url: string;
  readonly dataDir: string;
}
export function postgresBinDir(): string;
export function startPostgres(options?: { port?: number }): Promise<LocalPostgres>;
