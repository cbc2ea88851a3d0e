import type { DiagLogger } from '@opentelemetry/api';
import type { DropReporter } from './DropReporter.js';
import { warnOnce, writeLine } from './stderr.js';

const DROPPED = /Dropped (\d+) (spans|log records)/;
const DUPLICATE = /duplicate registration of API: (\w+)/i;
const REPEAT_MS = 60_000;

/**
 * Routes OpenTelemetry's internal diagnostics to stderr without flooding it: queue drops go to the
 * DropReporter, a second SDK's registration attempt is explained once, and any other message is
 * printed at most once a minute.
 */
export class SightlineDiagLogger implements DiagLogger {
  private readonly lastPrinted = new Map<string, number>();

  constructor(private readonly drops: DropReporter) {}

  error = (message: string, ...args: unknown[]): void => this.handle('error', message, args);
  warn = (message: string, ...args: unknown[]): void => this.handle('warn', message, args);
  info = (message: string, ...args: unknown[]): void => this.handle('info', message, args);
  debug = (message: string, ...args: unknown[]): void => this.handle('debug', message, args);
  verbose = (message: string, ...args: unknown[]): void => this.handle('verbose', message, args);

  private handle(level: string, message: string, args: unknown[]): void {
    const text = [message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : ''))].join(' ').trim();
    const dropped = DROPPED.exec(text);
    if (dropped) {
      this.drops.add(dropped[2] === 'spans' ? 'traces' : 'logs', Number(dropped[1]), { errorType: 'queue_full', reason: 'queue full' });
      return;
    }
    const duplicate = DUPLICATE.exec(text);
    if (duplicate) {
      warnOnce('duplicate-sdk', `another OpenTelemetry SDK tried to register a global ${duplicate[1]} provider; Sightline's stays in charge (remove the app's own SDK setup, or OTEL_SDK_DISABLED=true to use only the app's)`);
      return;
    }
    const key = text.slice(0, 80);
    const now = Date.now();
    if ((this.lastPrinted.get(key) ?? -Infinity) + REPEAT_MS > now) return;
    this.lastPrinted.set(key, now);
    // Sightline's own packages (pino, processors) already speak as `sightline: `: one prefix, not two.
    writeLine(text.startsWith('sightline: ') ? text.slice('sightline: '.length) : `otel ${level}: ${text}`);
  }
}
