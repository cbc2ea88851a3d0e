import type { ShutdownSequence } from './ShutdownSequence.js';
import { withDeadline } from './with-deadline.js';

export interface ExitGuardOptions {
  /** Exports what is buffered; bounded by the caller. */
  flush(timeoutMs: number): Promise<void>;
  timeoutMs: number;
  sequence: ShutdownSequence;
}

/** Signals a process sends itself to end (signal-exit, terminus re-raise these). */
const ENDING_SIGNALS = new Set<string | number>(['SIGTERM', 'SIGINT', 'SIGHUP', 15, 2, 1]);

/**
 * Once the process is shutting down (a signal arrived, or an uncaught exception), an exit the app
 * or a library asks for — `process.exit(code)` or `process.kill(process.pid, signal)` — waits for a
 * final flush, bounded, and then happens exactly as asked: same exit code, same signal. Node runs no
 * asynchronous work after `process.exit`, so without this the spans of the last requests are lost.
 * Before a shutdown starts, both functions behave exactly as Node's own.
 */
export class ExitGuard {
  readonly #o: ExitGuardOptions;
  readonly #exit = process.exit;
  readonly #kill = process.kill;
  #armed = false;
  #exiting = false;

  constructor(o: ExitGuardOptions) {
    this.#o = o;
  }

  /** An exit has been asked for (by anyone); Sightline must not end the process another way. */
  get exiting(): boolean {
    return this.#exiting;
  }

  /** From now on, exits wait for the final flush. */
  arm(): void {
    this.#armed = true;
  }

  /** Ends the process at once with `code`, bypassing the guard (Sightline's own crash exit). */
  exitNow(code: number): never {
    this.#exiting = true;
    return this.#exit.call(process, code);
  }

  /** Sends `signal` to this process at once, bypassing the guard (Sightline's own re-raise). */
  raise(signal: NodeJS.Signals): void {
    this.#exiting = true;
    this.#kill.call(process, process.pid, signal);
  }

  install(): () => void {
    const guard = this;
    const exit = function exit(code?: number | string | null): never {
      // A second exit while the first one waits is a forced one (a second Ctrl-C): no more waiting.
      if (!guard.#armed || guard.#exiting) return guard.#exit.call(process, code);
      guard.#exiting = true;
      void guard.#finalFlush().then(() => guard.#exit.call(process, code));
      return undefined as never;
    };
    const kill = function kill(pid: number, signal?: string | number): true {
      const ending = Number(pid) === process.pid && ENDING_SIGNALS.has(signal ?? 'SIGTERM');
      if (!ending || !guard.#armed || guard.#exiting) return guard.#kill.call(process, pid, signal);
      guard.#exiting = true;
      void guard.#finalFlush().then(() => guard.#kill.call(process, pid, signal));
      return true;
    };
    process.exit = exit as typeof process.exit;
    process.kill = kill as typeof process.kill;
    return () => {
      if (process.exit === exit) process.exit = this.#exit;
      if (process.kill === kill) process.kill = this.#kill;
    };
  }

  /** The shutdown sequence (if one runs) plus one more flush for what ended since, within the deadline. */
  async #finalFlush(): Promise<void> {
    const { sequence, timeoutMs } = this.#o;
    const ms = sequence.running ? Math.max(0, sequence.deadline - Date.now()) : timeoutMs;
    // Keeps the event loop alive while waiting: the exit was asked for, so it must still happen.
    const hold = setTimeout(() => {}, ms + 1000);
    try {
      await withDeadline(Promise.all([sequence.started ? sequence.run() : undefined, this.#o.flush(ms)]), ms);
    } finally {
      clearTimeout(hold);
    }
  }
}
