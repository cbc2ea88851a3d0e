import type { ShutdownSequence } from './ShutdownSequence.js';
import { withDeadline } from './with-deadline.js';

export interface ExitGuardOptions {
  /** Exports what is buffered; bounded by the caller. */
  flush(timeoutMs: number): Promise<void>;
  /** A count of ended spans, to see whether spans ended while a flush was on the wire. */
  endedSpans(): number;
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

  /** Ends the process with `signal` after the final flush (Sightline's own re-raise when it was the only listener). */
  async raise(signal: NodeJS.Signals): Promise<void> {
    this.#exiting = true;
    // Straight after the sequence: only what is left of its deadline, never a new one.
    await this.#finalFlush(true);
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

  /**
   * Waits for the shutdown sequence, then flushes what ended since; when spans ended while that
   * export was on the wire (the app kept serving), once more. All within the shutdown's deadline:
   * the sequence's, or a whole timeout when the exit comes after it (the app drained for longer).
   */
  async #finalFlush(withinSequence = false): Promise<void> {
    const { sequence, timeoutMs } = this.#o;
    const now = Date.now();
    const deadline = sequence.started && (withinSequence || sequence.deadline > now) ? sequence.deadline : now + timeoutMs;
    const left = (): number => Math.max(0, deadline - Date.now());
    // Keeps the event loop alive while waiting: the exit was asked for, so it must still happen.
    const hold = setTimeout(() => {}, left() + 1000);
    try {
      if (sequence.started) await withDeadline(sequence.run(), left());
      for (let round = 0; round < 2 && left() > 0; round++) {
        const ended = this.#o.endedSpans();
        await withDeadline(this.#o.flush(left()), left());
        if (this.#o.endedSpans() === ended) break;
      }
    } finally {
      clearTimeout(hold);
    }
  }
}
