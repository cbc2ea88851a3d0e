import { AsyncResource } from 'node:async_hooks';
import dc from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Histogram, type Meter, type Span, type Tracer } from '@opentelemetry/api';
import { RPCType, setRPCMetadata, suppressTracing, type RPCMetadata } from '@opentelemetry/core';
import { AttributeSets } from '@sightline/processors';
import { hasOneSubscriber, subscribeChannels } from './channel-subscriptions.js';
import { RequestContext, requestContextWorks } from './RequestContext.js';
import { LastHost } from './host.js';
import { headerValues, rawHeader, rawHeaderValues, rawHeadersGetter } from './raw-headers.js';
import { generateRequestId, isValidRequestId } from './request-id.js';
import { RequestIdHeader } from './request-id-header.js';
import * as sc from './semconv.js';

export interface HttpServerInstrumentationOptions {
  tracer: Tracer;
  meter: Meter;
  /** Makes a context current for the rest of the request's synchronous and async work. */
  attach: (ctx: Context) => void;
  /** Neither traced nor counted (health checks); tracing is suppressed for the request's work. */
  isIgnored: (path: string, request: IncomingMessage) => boolean;
  requestIdHeaders: string[];
  /** Lower-case header names recorded as `http.request.header.<name>` / `http.response.header.<name>`. */
  captureRequestHeaders?: string[];
  captureResponseHeaders?: string[];
  onError: (where: string, err: unknown) => void;
}

const STATE = Symbol('sightline.http.server');
const FINISH_CHANNEL = 'http.server.response.finish';
const finishChannel = dc.channel(FINISH_CHANNEL);
// The async context of the preload, where no request's context is current: Node's own 'finish'
// listener runs in it (see finished). Made once, at load; running in it allocates nothing per request,
// where entering a context does (a new async context frame).
const outsideRequests = new AsyncResource('sightline.http.server.finish', { requireManualDestroy: true });

/** One per instrumented response, kept on it (one property): the span's state and what `res.emit` needs. */
class RequestState {
  /** Until the span ends (finish, or the connection closed first). */
  open = true;

  constructor(
    readonly span: Span,
    readonly start: number,
    readonly method: string,
    readonly scheme: string,
    readonly rpc: RPCMetadata & { route?: string },
    readonly ctx: Context,
    /** The response's own emit. */
    readonly emit: ServerResponse['emit'],
    readonly finishAborted: (res: Res) => void,
    /** Listeners Node itself adds to the response (they run fine in any context). */
    readonly ownFinish: number,
    readonly ownClose: number,
  ) {}
}
type Res = ServerResponse & { [STATE]?: RequestState };

/**
 * `res.emit` while a request is instrumented: runs listeners in the request's context. An event
 * only Node's own listeners (or none) listen to needs no context, so it skips the switch; 'finish'
 * then runs outside any request's context (see finished), unless the app listens to 'close' (that
 * event is queued by Node's 'finish' listener, and its listeners must see the app's own stores).
 */
function contextualEmit(this: Res, event: string | symbol, ...args: unknown[]): boolean {
  const s = this[STATE] as RequestState;
  if (event === 'close' && s.open) s.finishAborted(this);
  if (!onlyNodeListens(this, s, event)) return context.with(s.ctx, s.emit, this, event, ...args);
  if (event === 'finish' && onlyNodeListens(this, s, 'close') && nothingElseRunsInRequestContext(this, s)) {
    return outsideRequests.runInAsyncScope(s.emit, this, event, ...args);
  }
  return s.emit.call(this, event, ...args);
}
interface StartMessage { request: IncomingMessage; response: Res }

/** Whether only Node's own listeners (or none) listen to `event` on the response: the app added none. */
function onlyNodeListens(res: Res, s: RequestState, event: string | symbol): boolean {
  const own = event === 'finish' ? s.ownFinish : event === 'close' ? s.ownClose : 0;
  return res.listenerCount(event) <= own;
}

/** See HttpServerInstrumentation.finished: what else may still run in the request's context once Node's 'finish' listener is done. */
function nothingElseRunsInRequestContext(res: Res, state: RequestState): boolean {
  return onlyNodeListens(res, state, 'finish') && hasOneSubscriber(finishChannel);
}

/**
 * Server spans and `http.server.request.duration` from Node's `http.server.*` diagnostics channels:
 * no module patching, so ESM and CommonJS apps are covered alike, and express/fastify ride on it.
 * The request's context is entered with `enterWith` before the app's handler runs.
 */
export class HttpServerInstrumentation {
  private readonly duration: Histogram;

  private readonly lightContext = requestContextWorks();
  private readonly metricSets = new AttributeSets();
  private readonly requestIdHeader = new RequestIdHeader();
  private readonly lastHost = new LastHost();

  constructor(private readonly o: HttpServerInstrumentationOptions) {
    this.duration = sc.createHttpDurationHistogram(o.meter, 'server');
  }

  private unsubscribe: (() => void) | undefined;

  enable(): void {
    this.unsubscribe ??= subscribeChannels({
      'http.server.request.start': (m) => this.start(m as StartMessage),
      [FINISH_CHANNEL]: (m) => this.finished(m as StartMessage),
    }, this.o.onError);
  }

  disable(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private start({ request: req, response: res }: StartMessage): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (this.o.isIgnored(path, req)) {
      this.o.attach(suppressTracing(ROOT_CONTEXT));
      return;
    }
    const raw = req.rawHeaders;
    const parent = propagation.extract(ROOT_CONTEXT, raw, rawHeadersGetter);
    const requestId = this.requestId(raw, parent);
    this.requestIdHeader.set(res, requestId);

    const method = sc.normalizeMethod(req.method);
    const scheme = (req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http';
    // What a sampler may look at when the span starts; the rest is computed only for a span that records
    // (at a 10% ratio, nine requests in ten skip the header scans, host parsing and attribute checks).
    const span = this.o.tracer.startSpan(method, {
      kind: SpanKind.SERVER,
      attributes: { [sc.ATTR_HTTP_REQUEST_METHOD]: method, [sc.ATTR_URL_PATH]: path, [sc.ATTR_URL_SCHEME]: scheme },
    }, parent);
    if (span.isRecording()) span.setAttributes(this.requestAttributes(req, raw, method, requestId));
    const rpc: RequestState['rpc'] = { type: RPCType.HTTP, span };
    const start = performance.now();
    const ctx = this.requestContext(parent, span, rpc, requestId);
    // 'finish'/'close' fire from socket callbacks outside the request's context; listeners such as
    // pino-http's "request completed" log must still see the request's span and request id. The same
    // wrapper ends the span of a response closed before it finished (client went away). One shared
    // function, not a closure per request. Node's own listeners (there before the app's) need no context.
    // Node adds its own 'finish' listener (resOnFinish) just after publishing this channel.
    res[STATE] = new RequestState(span, start, method, scheme, rpc, ctx, res.emit, this.finishAborted, res.listenerCount('finish') + 1, res.listenerCount('close'));
    res.emit = contextualEmit;
    this.o.attach(ctx);
  }

  private requestContext(parent: Context, span: Span, rpc: RPCMetadata, requestId: string): Context {
    if (this.lightContext) return new RequestContext(parent, span, rpc, sc.BAGGAGE_REQUEST_ID, requestId);
    const baggage = (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry(sc.BAGGAGE_REQUEST_ID, { value: requestId });
    return setRPCMetadata(trace.setSpan(propagation.setBaggage(parent, baggage), span), rpc);
  }

  private requestAttributes(req: IncomingMessage, raw: string[], method: string, requestId: string): Attributes {
    const attributes: Attributes = {
      [sc.ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
      [sc.ATTR_REQUEST_ID]: requestId,
    };
    if (method !== req.method) attributes['http.request.method_original'] = req.method;
    const host = rawHeader(raw, 'host');
    if (host !== undefined) {
      const { hostname, port } = this.lastHost.parse(host);
      attributes[sc.ATTR_SERVER_ADDRESS] = hostname;
      if (port !== undefined) attributes[sc.ATTR_SERVER_PORT] = port;
    }
    const ua = rawHeader(raw, 'user-agent');
    if (ua !== undefined) attributes[sc.ATTR_USER_AGENT] = ua;
    const client = req.socket?.remoteAddress;
    if (client !== undefined) attributes[sc.ATTR_CLIENT_ADDRESS] = client;
    const capture = this.o.captureRequestHeaders;
    if (capture !== undefined && capture.length > 0) {
      for (const name of capture) {
        const values = rawHeaderValues(raw, name);
        if (values.length > 0) attributes[sc.ATTR_HTTP_REQUEST_HEADER_PREFIX + name] = values;
      }
    }
    return attributes;
  }

  /** The first configured header that is present decides; an unsafe value is replaced, never kept. */
  private requestId(raw: string[], parent: Context): string {
    for (const header of this.o.requestIdHeaders) {
      const value = rawHeader(raw, header);
      if (value !== undefined) return isValidRequestId(value) ? value : generateRequestId();
    }
    const fromBaggage = propagation.getBaggage(parent)?.getEntry(sc.BAGGAGE_REQUEST_ID)?.value;
    return isValidRequestId(fromBaggage) ? fromBaggage : generateRequestId();
  }

  private readonly finishAborted = (res: Res): void => {
    try {
      this.finish(res, 'aborted');
    } catch (err) {
      this.o.onError('http server response close', err);
    }
  };

  /** The duration's attributes: one shared object per combination (see AttributeSets). */
  private metricAttributes(method: string, scheme: string, status: number | undefined, errorType: string | undefined, route: string | undefined): Attributes {
    const known = this.metricSets.get(method, scheme, status, errorType, route);
    if (known !== undefined) return known;
    const attributes: Attributes = { [sc.ATTR_HTTP_REQUEST_METHOD]: method, [sc.ATTR_URL_SCHEME]: scheme };
    if (status !== undefined) attributes[sc.ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
    if (errorType !== undefined) attributes[sc.ATTR_ERROR_TYPE] = errorType;
    if (route !== undefined) attributes[sc.ATTR_HTTP_ROUTE] = route;
    return this.metricSets.keep(attributes, method, scheme, status, errorType, route);
  }

  /**
   * Node's own 'finish' listener (resOnFinish) publishes this, then arms the connection's keep-alive
   * timer and queues the response's 'close'. Those would keep the request's context (the async
   * context frame they capture) until the connection's next request: under load every young-generation
   * collection then copied one request's context per connection, and V8 grew its young generation to
   * that (RESULTS section 28). They belong to the connection. When nothing else listens, contextualEmit
   * already runs that listener outside the request's context (this callback then sees the root
   * context); otherwise the rest of this callback leaves the request's context, unless something that
   * may still run in it is there: another subscriber of this channel, or the app's own 'finish'
   * listeners (their emit runs in the request's context, see contextualEmit). The request's own events
   * come from the socket, in the connection's context.
   */
  private finished({ response: res }: StartMessage): void {
    const state = res[STATE];
    this.finish(res, undefined);
    if (state !== undefined && context.active() !== ROOT_CONTEXT && nothingElseRunsInRequestContext(res, state)) this.o.attach(ROOT_CONTEXT);
  }

  private finish(res: Res, abortReason: string | undefined): void {
    const state = res[STATE];
    if (state === undefined || !state.open) return;
    state.open = false;
    const { span, method, scheme } = state;
    const route = state.rpc.route;
    const recording = span.isRecording();
    const aborted = abortReason !== undefined && !res.writableFinished;
    const status = aborted ? undefined : res.statusCode;
    const errorType = aborted ? abortReason : status !== undefined && status >= 500 ? String(status) : undefined;
    if (recording) {
      if (status !== undefined) span.setAttribute(sc.ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (errorType !== undefined) {
        span.setStatus(aborted ? { code: SpanStatusCode.ERROR, message: 'client closed the connection before the response finished' } : { code: SpanStatusCode.ERROR });
        span.setAttribute(sc.ATTR_ERROR_TYPE, errorType);
      }
    }
    const capture = this.o.captureResponseHeaders;
    if (recording && capture !== undefined && capture.length > 0) {
      for (const name of capture) {
        const values = headerValues(res.getHeader(name));
        if (values !== undefined) span.setAttribute(sc.ATTR_HTTP_RESPONSE_HEADER_PREFIX + name, values);
      }
    }
    if (recording && route !== undefined) {
      span.setAttribute(sc.ATTR_HTTP_ROUTE, route);
      span.updateName(`${method} ${route}`);
    }
    span.end();
    if (recording) {
      const ended = trace.wrapSpanContext(span.spanContext());
      state.rpc.span = ended;
      if (state.ctx instanceof RequestContext) state.ctx.releaseSpan(ended);
    }
    this.duration.record((performance.now() - state.start) / 1000, this.metricAttributes(method, scheme, status, errorType, route));
  }
}
