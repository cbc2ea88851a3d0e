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

  it('setValue and deleteValue give ordinary contexts that keep every value, and leave the request context as it was', () => {
    const ctx = new RequestContext(ROOT_CONTEXT, span, rpc, 'request.id', 'req-2');
    const child = trace.setSpan(ctx, trace.wrapSpanContext({ ...span.spanContext(), spanId: '1111111111111111' }));
    expect(trace.getSpan(child)?.spanContext().spanId).toBe('1111111111111111');
    expect(getRPCMetadata(child)).toBe(rpc);
    expect(propagation.getBaggage(child)?.getEntry('request.id')?.value).toBe('req-2');
    expect(trace.getSpan(ctx)).toBe(span);
    const withoutSpan = trace.deleteSpan(ctx);
    expect(trace.getSpan(withoutSpan)).toBeUndefined();
    expect(propagation.getBaggage(withoutSpan)?.getEntry('request.id')?.value).toBe('req-2');
  });
});
