import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';

export function createPropagator(names: string[]): TextMapPropagator {
  const propagators: TextMapPropagator[] = names.map((name) => {
    switch (name) {
      case 'baggage':
        return new W3CBaggagePropagator();
      case 'b3':
        return new B3Propagator();
      case 'b3multi':
        return new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
      default:
        return new W3CTraceContextPropagator();
    }
  });
  return new CompositePropagator({ propagators });
}
