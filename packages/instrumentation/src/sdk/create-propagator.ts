import { createRequire } from 'node:module';
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BaggageHeaderPropagator, type OutgoingBaggageEntry } from './BaggageHeaderPropagator.js';

const require = createRequire(import.meta.url);

/** propagator-b3 is loaded only when a B3 format is configured (start-up: most services use W3C only). */
function b3(multiHeader: boolean): TextMapPropagator {
  const { B3InjectEncoding, B3Propagator } = require('@opentelemetry/propagator-b3') as typeof import('@opentelemetry/propagator-b3');
  return new B3Propagator(multiHeader ? { injectEncoding: B3InjectEncoding.MULTI_HEADER } : {});
}

/**
 * The process's propagator for the configured formats. `outgoingBaggage` is an entry every baggage
 * header carries (the service graph's caller name): what ServiceGraphPropagator around the
 * composite would send, written by the baggage propagator itself (no baggage and context copies per call).
 */
export function createPropagator(names: string[], outgoingBaggage?: OutgoingBaggageEntry): TextMapPropagator {
  const propagators: TextMapPropagator[] = names.map((name) => {
    switch (name) {
      case 'baggage':
        return new BaggageHeaderPropagator(outgoingBaggage);
      case 'b3':
        return b3(false);
      case 'b3multi':
        return b3(true);
      default:
        return new W3CTraceContextPropagator();
    }
  });
  return new CompositePropagator({ propagators });
}
