import { propagation, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { BAGGAGE_CLIENT_SERVICE } from '../semconv.js';

/**
 * Wraps the process's propagator so every outgoing request (node:http, fetch/undici, any library that
 * injects context) carries this service's name as the `sightline.client.service` baggage entry. The
 * callee's ServiceGraphSpanProcessor reads it to name the edge's client. Each hop overwrites the entry,
 * so a callee never sees its caller's caller. Needs the `baggage` propagator (on by default).
 */
export class ServiceGraphPropagator implements TextMapPropagator {
  constructor(
    private readonly _inner: TextMapPropagator,
    private readonly _serviceName: string,
  ) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const baggage = propagation.getBaggage(context) ?? propagation.createBaggage();
    const tagged = propagation.setBaggage(context, baggage.setEntry(BAGGAGE_CLIENT_SERVICE, { value: this._serviceName }));
    this._inner.inject(tagged, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this._inner.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this._inner.fields();
  }
}
