import { ROOT_CONTEXT, createContextKey, propagation, trace, type Baggage, type Context, type Span } from '@opentelemetry/api';
import { getRPCMetadata, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';
import { RequestIdBaggage } from './RequestIdBaggage.js';

// The keys @opentelemetry/api and core store these values under (`createContextKey` is `Symbol.for`).
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');
const BAGGAGE_KEY = createContextKey('OpenTelemetry Baggage Key');
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/**
 * A server request's context: the extracted parent plus the server span, the RPC metadata and the
 * request id as a baggage entry, without copying the parent's map three times per request. The
 * baggage is built only when something reads it (a log line, an outgoing call), once per request.
 * Setting another span (an outgoing call's, a span the app starts under the request) or another
 * baggage (a propagator adding an entry for one call) gives another RequestContext; any other
 * `setValue`/`deleteValue` turns it into an ordinary context once.
 */
export class RequestContext implements Context {
  #baggage: Baggage | undefined;
  #plain: Context | undefined;

  constructor(
    private readonly parent: Context,
    private span: Span,
    private readonly rpc: RPCMetadata,
    private readonly baggageKey: string,
    private readonly requestId: string,
    /** The request's first context, when this one differs by its span or baggage: it holds the request's baggage. */
    private readonly first?: RequestContext,
    /** A baggage set on this context, instead of the request's. */
    private readonly setBaggage?: Baggage,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === BAGGAGE_KEY) return this.setBaggage ?? this.baggage();
    if (key === RPC_METADATA_KEY) return this.rpc;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    // The ordinary way would copy every value of the request into new maps, per child span or call.
    if (value !== undefined) {
      if (key === SPAN_KEY) return new RequestContext(this.parent, value as Span, this.rpc, this.baggageKey, this.requestId, this.first ?? this, this.setBaggage);
      if (key === BAGGAGE_KEY) return new RequestContext(this.parent, this.span, this.rpc, this.baggageKey, this.requestId, this.first ?? this, value as Baggage);
    }
    return this.plain().setValue(key, value);
  }

  /**
   * Once the request's span ended, keeps only its ids (`ended` wraps its span context). The context
   * can outlive the request (async resources created during it, such as a connection's timers, keep
   * the context they were created in), and an ended SDK span still holds its attributes, events and
   * resource, which young-generation collections under load then copied.
   */
  releaseSpan(ended: Span): void {
    this.span = ended;
    this.#plain = undefined;
  }

  deleteValue(key: symbol): Context {
    return this.plain().deleteValue(key);
  }

  private baggage(): Baggage {
    if (this.first) return this.first.baggage();
    if (this.#baggage === undefined) {
      const incoming = propagation.getBaggage(this.parent);
      this.#baggage = incoming === undefined
        ? new RequestIdBaggage(this.baggageKey, this.requestId)
        : incoming.setEntry(this.baggageKey, { value: this.requestId });
    }
    return this.#baggage;
  }

  private plain(): Context {
    this.#plain ??= setRPCMetadata(trace.setSpan(propagation.setBaggage(this.parent, this.setBaggage ?? this.baggage()), this.span), this.rpc);
    return this.#plain;
  }
}

/**
 * Whether the installed @opentelemetry/api and core read their values under the keys above; if a
 * release renamed one, requests fall back to ordinary contexts instead of losing their span.
 */
export function requestContextWorks(): boolean {
  const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
  const rpc = { type: 0, span } as unknown as RPCMetadata;
  const ctx = new RequestContext(ROOT_CONTEXT, span, rpc, 'k', 'v');
  return trace.getSpan(ctx) === span && getRPCMetadata(ctx) === rpc && propagation.getBaggage(ctx)?.getEntry('k')?.value === 'v';
}
