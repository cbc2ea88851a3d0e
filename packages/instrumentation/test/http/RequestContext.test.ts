import { ROOT_CONTEXT, createContextKey, propagation, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType, type RPCMetadata } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { RequestContext, requestContextWorks } from '../../src/http/RequestContext.js';

const span = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
const rpc: RPCMetadata = { type: RPCType.HTTP, span };
const OTHER = createContextKey('test other');

describe('RequestContext', () => {
  it('works with the installed @opentelemetry/api and core', () => {
    expect(requestContextWorks()).toBe(true);
  });

  it('answers the span, RPC metadata and a baggage holding the parent entries plus the request id', () => {
    const parent = propagation.setBaggage(ROOT_CONTEXT.setValue(OTHER, 'kept'), propagation.createBaggage({ tenant: { value: 'acme' } }));
    const ctx = new RequestContext(parent, span, rpc, 'request.id', 'req-1');
    expect(trace.getSpan(ctx)).toBe(span);
    expect(getRPCMetadata(ctx)).toBe(rpc);
    expect(ctx.getValue(OTHER)).toBe('kept');
    const baggage = propagation.getBaggage(ctx);
    expect(baggage?.getEntry('request.id')?.value).toBe('req-1');
    expect(baggage?.getEntry('tenant')?.value).toBe('acme');
    expect(propagation.getBaggage(ctx)).toBe(baggage);
    expect(propagation.getBaggage(parent)?.getEntry('request.id')).toBeUndefined();
  });

  it('releaseSpan swaps the span for another (the ended span for its ids), also in the plain context built from it', () => {
    const sdkSpan = trace.wrapSpanContext({ ...span.spanContext(), spanId: '4444444444444444' });
    const ctx = new RequestContext(ROOT_CONTEXT, sdkSpan, rpc, 'request.id', 'req-5');
    expect(trace.getSpan(ctx.setValue(OTHER, 1))).toBe(sdkSpan);
    const ended = trace.wrapSpanContext(sdkSpan.spanContext());
    ctx.releaseSpan(ended);
    expect(trace.getSpan(ctx)).toBe(ended);
    expect(trace.getSpan(ctx.setValue(OTHER, 2))).toBe(ended);
    expect(propagation.getBaggage(ctx)?.getEntry('request.id')?.value).toBe('req-5');
  });

  it('setValue and deleteValue give contexts that keep every other value, and leave the request context as it was', () => {
    const parent = ROOT_CONTEXT.setValue(OTHER, 'kept');
    const ctx = new RequestContext(parent, span, rpc, 'request.id', 'req-2');
    const child = trace.setSpan(ctx, trace.wrapSpanContext({ ...span.spanContext(), spanId: '1111111111111111' }));
    expect(trace.getSpan(child)?.spanContext().spanId).toBe('1111111111111111');
    expect(getRPCMetadata(child)).toBe(rpc);
    expect(child.getValue(OTHER)).toBe('kept');
    expect(propagation.getBaggage(child)?.getEntry('request.id')?.value).toBe('req-2');
    expect(trace.getSpan(ctx)).toBe(span);
    const withoutSpan = trace.deleteSpan(ctx);
    expect(trace.getSpan(withoutSpan)).toBeUndefined();
    expect(withoutSpan.getValue(OTHER)).toBe('kept');
    expect(propagation.getBaggage(withoutSpan)?.getEntry('request.id')?.value).toBe('req-2');
    const marked = ctx.setValue(OTHER, 'changed');
    expect(marked.getValue(OTHER)).toBe('changed');
    expect(trace.getSpan(marked)).toBe(span);
    expect(ctx.getValue(OTHER)).toBe('kept');
  });

  it('a child span keeps a request context: one baggage per request, and the span can be set, replaced and deleted again', () => {
    const parent = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ tenant: { value: 'acme' } }));
    const ctx = new RequestContext(parent, span, rpc, 'request.id', 'req-3');
    const childSpan = trace.wrapSpanContext({ ...span.spanContext(), spanId: '2222222222222222' });
    const child = trace.setSpan(ctx, childSpan);
    expect(child).toBeInstanceOf(RequestContext);
    const grandchildSpan = trace.wrapSpanContext({ ...span.spanContext(), spanId: '3333333333333333' });
    const grandchild = trace.setSpan(child, grandchildSpan);
    expect(trace.getSpan(child)).toBe(childSpan);
    expect(trace.getSpan(grandchild)).toBe(grandchildSpan);
    expect(trace.getSpan(ctx)).toBe(span);
    // The baggage is built once, whichever context asks first, and shared by the rest.
    const fromGrandchild = propagation.getBaggage(grandchild);
    expect(fromGrandchild?.getEntry('request.id')?.value).toBe('req-3');
    expect(fromGrandchild?.getEntry('tenant')?.value).toBe('acme');
    expect(propagation.getBaggage(ctx)).toBe(fromGrandchild);
    expect(propagation.getBaggage(child)).toBe(fromGrandchild);
    expect(getRPCMetadata(grandchild)).toBe(rpc);
    // Deleting the span from a child still leaves no span, and the rest.
    const without = trace.deleteSpan(grandchild);
    expect(trace.getSpan(without)).toBeUndefined();
    expect(getRPCMetadata(without)).toBe(rpc);
    expect(propagation.getBaggage(without)?.getEntry('request.id')?.value).toBe('req-3');
    // Another baggage (a propagator tagging one call): another request context, the rest kept.
    const tagged = propagation.setBaggage(grandchild, fromGrandchild!.setEntry('client.service', { value: 'checkout' }));
    expect(tagged).toBeInstanceOf(RequestContext);
    expect(propagation.getBaggage(tagged)?.getEntry('client.service')?.value).toBe('checkout');
    expect(propagation.getBaggage(tagged)?.getEntry('request.id')?.value).toBe('req-3');
    expect(trace.getSpan(tagged)).toBe(grandchildSpan);
    expect(propagation.getBaggage(grandchild)?.getEntry('client.service')).toBeUndefined();
    const taggedChild = trace.setSpan(tagged, childSpan);
    expect(propagation.getBaggage(taggedChild)?.getEntry('client.service')?.value).toBe('checkout');
    const taggedPlain = tagged.setValue(OTHER, 'x');
    expect(propagation.getBaggage(taggedPlain)?.getEntry('client.service')?.value).toBe('checkout');
    expect(trace.getSpan(taggedPlain)).toBe(grandchildSpan);
    expect(propagation.getBaggage(propagation.deleteBaggage(tagged))).toBeUndefined();
    // An undefined span is a deletion too, not a span.
    expect(trace.getSpan(ctx.setValue(createContextKey('OpenTelemetry Context Key SPAN'), undefined))).toBeUndefined();
  });
});
