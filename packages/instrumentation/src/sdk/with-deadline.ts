import { writeLine } from './stderr.js';

/**
 * Runs `work` but gives up after `ms`, so a dead backend cannot hold the process. Never rejects;
 * resolves `true` when the work finished in time (or failed), `false` when the deadline cut it off.
 */
export function withDeadline(work: Promise<unknown>, ms: number, what = 'flush'): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    timer.unref();
    work.then(() => resolve(true), (err: unknown) => {
      writeLine(`${what} failed: ${(err as Error)?.message ?? String(err)}`);
      resolve(true);
    }).finally(() => clearTimeout(timer));
  });
}
