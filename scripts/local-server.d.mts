/** A local server started by start-postgres.mjs / start-redis.mjs. */
export interface LocalServer {
  readonly port: number;
  readonly url: string;
  /** Brings a stopped server back on the same port (same data). */
  start(): Promise<void>;
  /** Stops the server; clients are disconnected. */
  stop(): Promise<void>;
  /** Stops it and deletes its files. */
  close(): Promise<void>;
}
export function freePort(): Promise<number>;
