import type { ExitGuard } from './ExitGuard.js';
import type { ShutdownSequence } from './ShutdownSequence.js';
import { withDeadline } from './with-deadline.js';

export interface Flushable {
  flush(timeoutMs: number): Promise<void>;
  shutdown(timeoutMs: number): Promise<void>;
}

export interface ShutdownHookOptions {
  sequence: ShutdownSequence;
  guard: ExitGuard;
  /** The natural end (`beforeExit`): flush and stop every signal. */
  shutdown(timeoutMs: number): Promise<void>;
  timeoutMs: number;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * The rule: Sightline never decides who ends the process; it only puts a bounded flush in front.
 *
 * On SIGTERM/SIGINT the listener (first in line) removes itself before the other listeners of the
 * same signal run, starts the shutdown sequence and arms the exit guard. So every other handler sees
 * the process exactly as it would without Sightline: signal-exit (v3/v4), which acts only when it
 * counts itself alone among the listeners, runs its hooks and re-raises; terminus, lightship,
 * close-with-grace, async-exit-hook and hand-written handlers run as usual. Whatever exit they then
 * ask for waits for the flush (ExitGuard) and keeps their exit code or signal. When Sightline was
 * the only listener, Node would have ended the process: after the sequence it re-raises the signal
 * with no listener left, so the exit status is 143 (SIGTERM) / 130 (SIGINT).
 *
 * `beforeExit` (the event loop drained by itself): shut down once, then let Node end the process.
 */
export function installShutdownHooks(o: ShutdownHookOptions): () => void {
  let naturalEnd = false;
  const remove = (): void => {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    const alone = process.listenerCount(signal) === 0;
    o.guard.arm();
    const done = o.sequence.run(signal);
    // Node would have ended the process: keep it alive until the re-raise (the deadline timers are unref'd).
    const hold = alone ? setTimeout(() => {}, o.sequence.deadline - Date.now() + 1000) : undefined;
    void done.then(() => {
      clearTimeout(hold);
      if (alone && !o.guard.exiting) void o.guard.raise(signal);
    });
  };
  const onBeforeExit = (): void => {
    if (naturalEnd || o.guard.exiting) return;
    naturalEnd = true;
    void withDeadline(o.shutdown(o.timeoutMs), o.timeoutMs).then((inTime) => {
      // A backend that never answers keeps its socket open: end the process as Node was about to.
      if (!inTime) o.guard.exitNow(typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0));
    });
  };
  for (const s of SIGNALS) process.prependListener(s, onSignal);
  process.on('beforeExit', onBeforeExit);
  return () => {
    remove();
    process.removeListener('beforeExit', onBeforeExit);
  };
}
