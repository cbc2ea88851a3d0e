import { createRequire } from 'node:module';
import { context, trace, type SpanContext } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import type * as SentryCore from '@sentry/core';
import type { OtlpTarget } from '../config/SightlineConfig.js';
import { scrubEvent, type EventRedactionPolicy } from './scrub-event.js';
import { parseDsn, sentryOtlpTraceTarget } from './sentry-dsn.js';
import { parseV8StackLine } from './v8-stack-parser.js';

const require = createRequire(import.meta.url);

export interface SentryBridgeOptions {
  dsn: string;
  environment: string | undefined;
  release: string | undefined;
  timeoutMs: number;
  warn: (line: string) => void;
  /** The policy that redacts logs and spans; events are scrubbed with it before they are sent. */
  redaction: EventRedactionPolicy | undefined;
}

/**
 * Sends errors and traces to Sentry without a second SDK: the same OpenTelemetry spans go to
 * Sentry's OTLP endpoint (so nothing is recorded twice), and errors become Sentry events through
 * a @sentry/core client that carries the OpenTelemetry trace and span id.
 */
export class SentryBridge {
  readonly traceTarget: OtlpTarget;
  readonly host: string;
  private readonly client: SentryCore.Client;

  private constructor(private readonly core: typeof SentryCore, o: SentryBridgeOptions, traceTarget: OtlpTarget, host: string) {
    this.traceTarget = traceTarget;
    this.host = host;
    const { Client, createTransport, createStackParser, eventFromUnknownInput, eventFromMessage, resolvedSyncPromise } = core;
    class SightlineSentryClient extends Client {
      constructor(options: SentryCore.ClientOptions) {
        super(options);
      }
      eventFromException(exception: unknown, hint?: SentryCore.EventHint): PromiseLike<SentryCore.Event> {
        const event = eventFromUnknownInput(this, this.getOptions().stackParser, exception, hint);
        event.level = 'error';
        return resolvedSyncPromise(event);
      }
      eventFromMessage(message: SentryCore.ParameterizedString, level: SentryCore.SeverityLevel = 'info', hint?: SentryCore.EventHint): PromiseLike<SentryCore.Event> {
        return resolvedSyncPromise(eventFromMessage(this.getOptions().stackParser, message, level, hint));
      }
    }
    this.client = new SightlineSentryClient({
      dsn: o.dsn,
      environment: o.environment,
      release: o.release,
      platform: 'node',
      integrations: [],
      sendClientReports: false,
      ...(o.redaction ? { beforeSend: (event: SentryCore.ErrorEvent) => scrubEvent(event, o.redaction!) } : {}),
      stackParser: createStackParser([50, parseV8StackLine]),
      transport: (options) => createTransport(options, (request) =>
        // The export itself must not be traced.
        context.with(suppressTracing(context.active()), () => fetch(options.url, { method: 'POST', body: request.body as string })
          .then((res) => ({
            statusCode: res.status,
            headers: { 'x-sentry-rate-limits': res.headers.get('x-sentry-rate-limits'), 'retry-after': res.headers.get('retry-after') },
          })))),
    } as SentryCore.ClientOptions);
    this.client.init();
  }

  /** Undefined (after one warning) when @sentry/core is missing or the DSN is malformed. */
  static create(o: SentryBridgeOptions, traceTimeoutMs: number): SentryBridge | undefined {
    const dsn = parseDsn(o.dsn);
    if (!dsn) {
      o.warn('config: SENTRY_DSN: not a Sentry DSN (expected https://<key>@<host>/<project>); not sending to Sentry');
      return undefined;
    }
    let core: typeof SentryCore;
    try {
      core = require('@sentry/core') as typeof SentryCore;
    } catch {
      o.warn('SENTRY_DSN is set but @sentry/core is not installed (npm install @sentry/core); not sending to Sentry');
      return undefined;
    }
    return new SentryBridge(core, o, sentryOtlpTraceTarget(dsn, traceTimeoutMs), `${dsn.host}${dsn.port ? `:${dsn.port}` : ''}/${dsn.projectId}`);
  }

  /** Queues an error as a Sentry event linked to the given (or active) span; `flush` sends it. */
  capture(error: unknown, spanContext: SpanContext | undefined = trace.getActiveSpan()?.spanContext(), handled = false): void {
    const scope = new this.core.Scope();
    if (spanContext) {
      scope.addEventProcessor((event) => {
        event.contexts = { ...event.contexts, trace: { trace_id: spanContext.traceId, span_id: spanContext.spanId } };
        return event;
      });
    }
    this.client.captureException(error, { mechanism: { type: handled ? 'otel.span' : 'onuncaughtexception', handled } }, scope);
  }

  flush(timeoutMs: number): Promise<boolean> {
    return Promise.resolve(this.client.flush(timeoutMs));
  }

  /**
   * Exceptions recorded on spans become Sentry events, linked to their trace. Crashes arrive this
   * way too (the crash hook records them with `exception.escaped`), so each is sent once.
   */
  spanProcessor(): SpanProcessor {
    const capture = (span: ReadableSpan): void => {
      for (const event of span.events) {
        if (event.name !== 'exception' || !event.attributes) continue;
        const err = new Error(String(event.attributes['exception.message'] ?? 'exception'));
        err.name = String(event.attributes['exception.type'] ?? 'Error');
        if (event.attributes['exception.stacktrace']) err.stack = String(event.attributes['exception.stacktrace']);
        this.capture(err, span.spanContext(), event.attributes['exception.escaped'] !== true);
      }
    };
    return {
      onStart: () => {},
      onEnd: (span) => {
        if (span.events.length > 0) capture(span);
      },
      forceFlush: async () => { await this.flush(2000); },
      shutdown: async () => { await this.client.close(2000); },
    };
  }
}
