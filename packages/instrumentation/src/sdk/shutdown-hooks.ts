import { writeLine } from './stderr.js';

export interface Flushable {
  flush(timeoutMs: number): Promise<void>;
  shutdown(timeoutMs: number): Promise<void>;
}

/** Runs `work` but gives up after `ms`, so a dead backend cannot hold the process. */
export function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    work.then(() => resolve(), (err: unknown) => {
      writeLine(`flush failed: ${(err as Error)?.message ?? String(err)}`);
      resolve();
    }).finally(() => clearTimeout(timer));
  });
}

/** A phase before the flush (the readiness drain): started the moment a signal arrives. Never rejects. */
export type BeforeFlush = (signal: NodeJS.Signals) => Promise<void>;

/**
 * SIGTERM/SIGINT: flush every signal within the deadline, then end the process as Node would have
 * (re-raising the signal: exit status 143 / 130). When the app has its own handler for the signal,
 * flush only and leave the exit to the app. `beforeExit`: shut down (flush) once. `beforeFlush`
 * starts first in both cases; its end is awaited before the flush only when Sightline owns the exit.
 */
export function installShutdownHooks(sdk: Flushable, timeoutMs: number, beforeFlush?: BeforeFlush): () => void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const before = beforeFlush?.(signal) ?? Promise.resolve();
    const appHandlers = process.listenerCount(signal) - 1;
    if (appHandlers > 0) {
      void withDeadline(sdk.flush(timeoutMs), timeoutMs);
      return;
    }
    const reraise = (): void => {
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    if (shuttingDown) return reraise();
    shuttingDown = true;
    void before.then(() => withDeadline(sdk.shutdown(timeoutMs), timeoutMs)).then(reraise);
  };
  const onBeforeExit = (): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    void withDeadline(sdk.shutdown(timeoutMs), timeoutMs);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('beforeExit', onBeforeExit);
  return () => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('beforeExit', onBeforeExit);
  };
}
