import { inspect } from 'node:util';
import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import { SeverityNumber, logs } from '@opentelemetry/api';
import type { ExitGuard } from './ExitGuard.js';
import type { Flushable } from './shutdown-hooks.js';
import { withDeadline } from './with-deadline.js';

export interface CrashHookOptions {
  sdk: Flushable;
  guard: ExitGuard;
  timeoutMs: number;
}

function recordCrash(err: unknown, origin: string): void {
  const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : inspect(err));
  // The active span may already have ended (a timer fired after the response): then the crash
  // gets its own child span, so it still shows up in that trace.
  const active = trace.getActiveSpan();
  const span = active?.isRecording() ? active : trace.getTracer('@sightline/instrumentation').startSpan(origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception');
  span.addEvent('exception', {
    'exception.type': e.name,
    'exception.message': e.message,
    'exception.stacktrace': e.stack ?? '',
    'exception.escaped': true,
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  span.end();
  logs.getLogger('@sightline/instrumentation').emit({
    severityNumber: SeverityNumber.FATAL,
    severityText: 'FATAL',
    body: `${origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Uncaught exception'}: ${e.message}`,
    attributes: { 'exception.type': e.name, 'exception.message': e.message, 'exception.stacktrace': e.stack ?? '' },
    context: context.active(),
  });
}

/**
 * Uncaught exceptions and unhandled rejections (as `--unhandled-rejections` raises them): record on
 * the active span and as a log record, flush within a bounded time, then keep Node's behaviour —
 * the error on stderr and exit code 1. If the app has its own `uncaughtException` handler, the app
 * decides: the flush starts anyway and the exit guard is armed, so a `process.exit(code)` from that
 * handler waits for it and keeps its code.
 */
export function installCrashHooks(o: CrashHookOptions): () => void {
  let crashing = false;
  const onUncaught = (err: unknown, origin: string): void => {
    try {
      recordCrash(err, origin);
    } catch {
      // recording must never mask the original error
    }
    o.guard.arm();
    const deadline = Math.min(o.timeoutMs, 2000);
    const work = o.sdk.flush(deadline);
    if (process.listenerCount('uncaughtException') > 1) {
      void withDeadline(work, deadline);
      return;
    }
    const die = (): void => {
      process.stderr.write(`${inspect(err)}\n\nNode.js ${process.version}\n`);
      o.guard.exitNow(1);
    };
    if (crashing) return die();
    crashing = true;
    // Node would have ended the process: keep it alive until the flush is done or cut off.
    const hold = setTimeout(() => {}, deadline + 1000);
    void withDeadline(work, deadline).then(() => {
      clearTimeout(hold);
      die();
    });
  };
  process.on('uncaughtException', onUncaught);
  return () => process.removeListener('uncaughtException', onUncaught);
}
