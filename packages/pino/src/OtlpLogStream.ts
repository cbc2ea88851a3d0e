import { context, diag, type Context } from '@opentelemetry/api';
import { SeverityNumber, type LogAttributes } from '@opentelemetry/api-logs';
import { getGlobalOtelLogger } from './global-otel-logger.js';
import { deferLine, emitPendingLogLines, type LineEmitter } from './pending.js';
import { NEEDS_METADATA, SHIPS_OTLP } from './pino-symbols.js';
import {
  ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE, ATTR_REQUEST_ID,
} from './semconv.js';

/** The destination stream pino writes to (sonic-boom, a transport, multistream, any `{ write }`). */
export interface DestinationStream {
  write(line: string): unknown;
  flush?(cb?: (err?: Error) => void): void;
  flushSync?(): void;
  end?(): void;
  [key: symbol]: unknown;
}

const SEVERITY: Record<number, SeverityNumber> = {
  10: SeverityNumber.TRACE, 20: SeverityNumber.DEBUG, 30: SeverityNumber.INFO,
  40: SeverityNumber.WARN, 50: SeverityNumber.ERROR, 60: SeverityNumber.FATAL,
};
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'trace_id', 'span_id', 'trace_flags', 'request_id']);

type PinoLogger = { levels?: { labels?: Record<number, string> } } | undefined;

/**
 * Wraps a logger's destination: each line goes to the destination unchanged, then is emitted once
 * as an OpenTelemetry log record through the global LoggerProvider (see getGlobalOtelLogger), in the active context (so the
 * record carries the trace and span id). The line is parsed after pino's serializers and redaction ran.
 * With `deferred`, the record is emitted on the next turn of the event loop with the lines of that
 * turn (see pending.ts), still with the context, level and time of the write.
 */
export class OtlpLogStream implements DestinationStream, LineEmitter {
  [key: symbol]: unknown;
  lastLevel = 0;
  lastObj: unknown;
  lastMsg: unknown;
  lastTime: unknown;
  lastLogger: PinoLogger;
  private _warned = false;

  constructor(
    readonly inner: DestinationStream,
    private readonly _messageKey: string,
    private readonly _errorKey: string,
    private readonly _deferred = false,
  ) {
    this[NEEDS_METADATA] = true;
    this[SHIPS_OTLP] = true;
  }

  write(line: string): unknown {
    const inner = this.inner;
    if (inner[NEEDS_METADATA] === true) {
      const target = inner as unknown as OtlpLogStream;
      target.lastLevel = this.lastLevel;
      target.lastObj = this.lastObj;
      target.lastMsg = this.lastMsg;
      target.lastTime = this.lastTime;
      target.lastLogger = this.lastLogger;
    }
    const result = inner.write(line);
    if (this._deferred) deferLine(this, line, this.lastLevel, this.lastLogger, context.active(), Date.now());
    else this.emitLine(line, this.lastLevel, this.lastLogger, context.active(), Date.now());
    return result;
  }

  flush(cb?: (err?: Error) => void): void {
    emitPendingLogLines();
    if (typeof this.inner.flush === 'function') this.inner.flush(cb);
    else cb?.();
  }

  flushSync(): void {
    emitPendingLogLines();
    this.inner.flushSync?.();
  }

  end(): void {
    this.inner.end?.();
  }

  emitLine(line: string, level: number, logger: unknown, ctx: Context, observedAt: number): void {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      if (!this._warned) diag.warn('@sightline/pino: a log line is not JSON and was not exported', err);
      this._warned = true;
      return;
    }
    const attributes: LogAttributes = {};
    for (const key in record) {
      if (key === this._messageKey || key === this._errorKey || OMITTED.has(key)) continue;
      attributes[key] = record[key] as LogAttributes[string];
    }
    if (typeof record['request_id'] === 'string') attributes[ATTR_REQUEST_ID] = record['request_id'];
    const err = record[this._errorKey] as { type?: unknown; message?: unknown; stack?: unknown } | undefined;
    if (err !== null && typeof err === 'object') {
      if (typeof err.type === 'string') attributes[ATTR_EXCEPTION_TYPE] = err.type;
      if (typeof err.message === 'string') attributes[ATTR_EXCEPTION_MESSAGE] = err.message;
      if (typeof err.stack === 'string') attributes[ATTR_EXCEPTION_STACKTRACE] = err.stack;
    }
    const time = toMillis(record['time']);
    getGlobalOtelLogger().emit({
      timestamp: time,
      observedTimestamp: observedAt,
      severityNumber: SEVERITY[level] ?? severityBetween(level),
      severityText: (logger as PinoLogger)?.levels?.labels?.[level] ?? String(level),
      body: record[this._messageKey] as string | undefined,
      attributes,
      context: ctx,
    });
  }
}

function toMillis(time: unknown): number {
  if (typeof time === 'number') return time < 1e11 ? time * 1000 : time;
  if (typeof time === 'string') {
    const parsed = Date.parse(time);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return Date.now();
}

function severityBetween(level: number): SeverityNumber {
  if (level < 20) return SeverityNumber.TRACE;
  if (level < 30) return SeverityNumber.DEBUG;
  if (level < 40) return SeverityNumber.INFO;
  if (level < 50) return SeverityNumber.WARN;
  if (level < 60) return SeverityNumber.ERROR;
  return SeverityNumber.FATAL;
}
