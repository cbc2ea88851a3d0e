import { ROOT_CONTEXT, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createPropagator } from '../../src/sdk/create-propagator.js';

const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });

function inject(names: string[]): Record<string, string> {
  const carrier: Record<string, string> = {};
  createPropagator(names).inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

describe('createPropagator', () => {
  it('tracecontext and baggage by default names', () => {
    expect(inject(['tracecontext', 'baggage'])).toEqual({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
  });

  it('b3 (single header) and b3multi, loaded when named, inject and extract', () => {
    expect(inject(['b3'])).toEqual({ b3: '4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1' });
    const multi = inject(['b3multi']);
    expect(multi).toMatchObject({ 'x-b3-traceid': '4bf92f3577b34da6a3ce929d0e0e4736', 'x-b3-spanid': '00f067aa0ba902b7', 'x-b3-sampled': '1' });
    const extracted = createPropagator(['b3multi']).extract(ROOT_CONTEXT, multi, defaultTextMapGetter);
    expect(trace.getSpanContext(extracted)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
