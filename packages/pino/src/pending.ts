import { diag, type Context } from '@opentelemetry/api';

/** What turns a written line into a log record (OtlpLogStream). */
export interface LineEmitter {
  emitLine(line: string, level: number, logger: unknown, ctx: Context, observedAt: number): void;
}

// Lines are emitted together once the queue holds this many, without waiting for the next turn:
// a synchronous loop that logs cannot grow it without bound.
const MAX_PENDING_LINES = 256;
const FIELDS = 6;

const queue: unknown[] = [];
let scheduled: NodeJS.Immediate | undefined;
let warned = false;

/**
 * Queues a written line to be emitted as a log record on the next turn of the event loop, with the
 * level, logger, context and time it was written with. Parsing the line, building the record and
 * encoding it then run once per turn for all lines written in it, off the code that logged.
 */
export function deferLine(emitter: LineEmitter, line: string, level: number, logger: unknown, ctx: Context, observedAt: number): void {
  queue.push(emitter, line, level, logger, ctx, observedAt);
  if (queue.length >= MAX_PENDING_LINES * FIELDS) emitPendingLogLines();
  else scheduled ??= setImmediate(emitPendingLogLines);
}

/**
 * Emits every queued line now. Call it before flushing or shutting down the LoggerProvider when
 * lines are deferred (`deferExport`); the Sightline preload does so in its flush and shutdown.
 */
export function emitPendingLogLines(): void {
  if (scheduled !== undefined) clearImmediate(scheduled);
  scheduled = undefined;
  // A line logged while emitting (by a log processor) is queued for the next call.
  const lines = queue.splice(0);
  for (let i = 0; i < lines.length; i += FIELDS) {
    try {
      (lines[i] as LineEmitter).emitLine(lines[i + 1] as string, lines[i + 2] as number, lines[i + 3], lines[i + 4] as Context, lines[i + 5] as number);
    } catch (err) {
      if (!warned) diag.warn('@sightline/pino: a log line could not be emitted as a log record', err);
      warned = true;
    }
  }
}
