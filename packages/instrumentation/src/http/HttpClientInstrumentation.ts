import type { ClientRequest, IncomingMessage } from 'node:http';
import { SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Histogram, type Meter, type Span, type TextMapSetter, type Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { AttributeSets } from '@sightline/processors';
import { subscribeChannels } from './channel-subscriptions.js';
import { portOf } from './host.js';
import { headerValues } from './raw-headers.js';
import * as sc from './semconv.js';

export interface HttpClientInstrumentationOptions {
  tracer: Tracer;
  meter: Meter;
  /** Lower-case header names recorded as `http.request.header.<name>` / `http.response.header.<name>`. */
  captureRequestHeaders?: string[];
  captureResponseHeaders?: string[];
  onError: (where: string, err: unknown) => void;
}

interface ClientState {
  span: Span;
  start: number;
  /** The duration metric's attributes from the start: method, server address and port. */
  method: string;
  host: string;
  port: number;
}

const STATE = Symbol('sightline.http.client');
type Req = ClientRequest & { [STATE]?: ClientState | undefined };

const setter: TextMapSetter<ClientRequest> = {
  set: (req, key, value) => req.setHeader(key, value),
};

/**
 * Client spans for node:http/https requests from the `http.client.*` diagnostics channels. The
 * trace context is injected at `request.created`, while headers can still be set. Requests made
 * inside a suppressed context (the exporters' own) are not traced.
 */
export class HttpClientInstrumentation {
  private readonly duration: Histogram;
  private readonly metricSets = new AttributeSets();

  constructor(private readonly o: HttpClientInstrumentationOptions) {
    this.duration = sc.createHttpDurationHistogram(o.meter, 'client');
  }

  private unsubscribe: (() => void) | undefined;

  enable(): void {
    this.unsubscribe ??= subscribeChannels({
      'http.client.request.created': (m) => this.start((m as { request: Req }).request),
      'http.client.response.finish': (m) => {
        const { request, response } = m as { request: Req; response: IncomingMessage };
        this.captureResponse(request, response);
        this.end(request, response.statusCode ?? 0, undefined);
      },
      'http.client.request.error': (m) => {
        const { request, error } = m as { request: Req; error: Error & { code?: string } };
        this.end(request, undefined, error);
      },
    }, this.o.onError);
  }

  disable(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private start(req: Req): void {
    const active = context.active();
    if (isTracingSuppressed(active)) return;
    const method = sc.normalizeMethod(req.method);
    const protocol = req.protocol ?? 'http:';
    const hostHeader = String(req.getHeader('host') ?? req.host);
    const q = req.path.indexOf('?');
    const host = req.host;
    const port = portOf(hostHeader) ?? (protocol === 'https:' ? 443 : 80);
    const span = this.o.tracer.startSpan(method, {
      kind: SpanKind.CLIENT,
      attributes: {
        [sc.ATTR_HTTP_REQUEST_METHOD]: method,
        [sc.ATTR_SERVER_ADDRESS]: host,
        [sc.ATTR_SERVER_PORT]: port,
        [sc.ATTR_URL_FULL]: `${protocol}//${hostHeader}${q === -1 ? req.path : req.path.slice(0, q)}`,
      },
    }, active);
    propagation.inject(trace.setSpan(active, span), req, setter);
    const capture = this.o.captureRequestHeaders;
    if (capture !== undefined && capture.length > 0) {
      // After the injection, so propagation headers can be captured too.
      for (const name of capture) {
        const values = headerValues(req.getHeader(name));
        if (values !== undefined) span.setAttribute(sc.ATTR_HTTP_REQUEST_HEADER_PREFIX + name, values);
      }
    }
    req[STATE] = { span, start: performance.now(), method, host, port };
  }

  private captureResponse(req: Req, res: IncomingMessage): void {
    const capture = this.o.captureResponseHeaders;
    const state = req[STATE];
    if (capture === undefined || capture.length === 0 || state === undefined) return;
    for (const name of capture) {
      const values = headerValues(res.headers[name]);
      if (values !== undefined) state.span.setAttribute(sc.ATTR_HTTP_RESPONSE_HEADER_PREFIX + name, values);
    }
  }

  /** The start's method, address and port plus the outcome: one shared object per combination (see AttributeSets). */
  private metricAttributes({ method, host, port }: ClientState, status: number | undefined, errorType: string | undefined): Attributes {
    const known = this.metricSets.get(method, host, port, status, errorType);
    if (known !== undefined) return known;
    const attributes: Attributes = { [sc.ATTR_HTTP_REQUEST_METHOD]: method, [sc.ATTR_SERVER_ADDRESS]: host, [sc.ATTR_SERVER_PORT]: port };
    if (status !== undefined) attributes[sc.ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
    if (errorType !== undefined) attributes[sc.ATTR_ERROR_TYPE] = errorType;
    return this.metricSets.keep(attributes, method, host, port, status, errorType);
  }


  private end(req: Req, status: number | undefined, error: (Error & { code?: string }) | undefined): void {
    const state = req[STATE];
    if (state === undefined) return;
    req[STATE] = undefined;
    const { span } = state;
    let errorType: string | undefined;
    if (status !== undefined) {
      span.setAttribute(sc.ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (status >= 400) {
        errorType = String(status);
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute(sc.ATTR_ERROR_TYPE, errorType);
      }
    } else if (error !== undefined) {
      errorType = error.code ?? error.name;
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.setAttribute(sc.ATTR_ERROR_TYPE, errorType);
    }
    span.end();
    this.duration.record((performance.now() - state.start) / 1000, this.metricAttributes(state, status, errorType));
  }
}
