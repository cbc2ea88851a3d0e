import { context, defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceGraphPropagator } from '../../src/service-graph/ServiceGraphPropagator.js';
import { ServiceGraphSpanProcessor } from '../../src/service-graph/ServiceGraphSpanProcessor.js';
import { points, TestMetricReader } from '../helpers/harness.js';

const w3c = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
const reader = new TestMetricReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const service = (name: string) => new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': name }),
  spanProcessors: [new ServiceGraphSpanProcessor({ meterProvider })],
}).getTracer('test');
const orders = service('orders');
const payments = service('payments');
const ordersPropagator = new ServiceGraphPropagator(w3c, 'orders');
const paymentsPropagator = new ServiceGraphPropagator(w3c, 'payments');
afterAll(() => meterProvider.shutdown());

async function metrics() {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}

/** orders calls payments over "HTTP": a client span, headers through the propagator, a server span. */
function call(failed: boolean): Record<string, string> {
  const client = orders.startSpan('POST', { kind: SpanKind.CLIENT, attributes: { 'server.address': 'payments.internal' } });
  const headers: Record<string, string> = {};
  ordersPropagator.inject(trace.setSpan(ROOT_CONTEXT, client), headers, defaultTextMapSetter);
  const parent = w3c.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const server = payments.startSpan('POST', { kind: SpanKind.SERVER }, parent);
  // payments calls on: its own name replaces orders' in the baggage it sends.
  const onward: Record<string, string> = {};
  paymentsPropagator.inject(trace.setSpan(parent, server), onward, defaultTextMapSetter);
  if (failed) server.setStatus({ code: SpanStatusCode.ERROR });
  server.end();
  client.end();
  return onward;
}

describe('ServiceGraphSpanProcessor', () => {
  it('records the edge on the callee, named by the caller from baggage, and client durations on the caller', async () => {
    const onward = call(false);
    call(true);
    expect(propagation.getBaggage(w3c.extract(ROOT_CONTEXT, onward, defaultTextMapGetter))?.getEntry('sightline.client.service')?.value).toBe('payments');
    const all = await metrics();
    const edge = { client: 'orders', server: 'payments', connection_type: '' };
    expect(points(all, 'traces.service.graph.request')).toEqual([{ attributes: edge, value: 2 }]);
    expect(points(all, 'traces.service.graph.request.failed')).toEqual([{ attributes: edge, value: 1 }]);
    expect(points(all, 'traces.service.graph.request.server').map((p) => [p.attributes, (p.value as { count: number }).count]))
      .toEqual([[edge, 2]]);
    expect(points(all, 'traces.service.graph.request.client').map((p) => [p.attributes, (p.value as { count: number }).count]))
      .toEqual([[{ client: 'orders', server: 'payments.internal', connection_type: '' }, 2]]);
  });

  it('names requests without a caller "user", records database calls as a whole edge, ignores internal spans', async () => {
    const root = orders.startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    context.with(trace.setSpan(ROOT_CONTEXT, root), () => {
      const query = orders.startSpan('SELECT', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.namespace': 'shop' } });
      query.setStatus({ code: SpanStatusCode.ERROR });
      query.end();
      orders.startSpan('work').end();
    });
    root.end();
    const all = await metrics();
    const requests = points(all, 'traces.service.graph.request');
    expect(requests).toContainEqual({ attributes: { client: 'user', server: 'orders', connection_type: '' }, value: 1 });
    expect(requests).toContainEqual({ attributes: { client: 'orders', server: 'shop', connection_type: 'database' }, value: 1 });
    expect(requests).toHaveLength(3);
    // A traced caller that is not on Sightline: plain W3C propagation, no entry.
    const foreign = orders.startSpan('POST', { kind: SpanKind.CLIENT });
    const headers: Record<string, string> = {};
    w3c.inject(trace.setSpan(ROOT_CONTEXT, foreign), headers, defaultTextMapSetter);
    payments.startSpan('POST', { kind: SpanKind.SERVER }, w3c.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)).end();
    expect(points(await metrics(), 'traces.service.graph.request'))
      .toContainEqual({ attributes: { client: 'unknown', server: 'payments', connection_type: '' }, value: 1 });
    expect(points(all, 'traces.service.graph.request.failed')).toContainEqual({ attributes: { client: 'orders', server: 'shop', connection_type: 'database' }, value: 1 });
  });
});

describe('ServiceGraphSpanProcessor callers from the network', () => {
  it('does not believe malformed names and bounds the number of distinct callers', async () => {
    const reader2 = new TestMetricReader();
    const meters = new MeterProvider({ readers: [reader2] });
    const warnings: string[] = [];
    const tracer = new TracerProvider({
      spanProcessors: [new ServiceGraphSpanProcessor({ meterProvider: meters, serviceName: 'api', callerLimit: 2, warn: (m) => warnings.push(m) })],
    }).getTracer('test');
    for (const caller of ['a', 'b', 'c', 'a', 'evil name\n{}']) {
      const baggage = propagation.createBaggage({ 'sightline.client.service': { value: caller } });
      tracer.startSpan('GET', { kind: SpanKind.SERVER }, propagation.setBaggage(ROOT_CONTEXT, baggage)).end();
    }
    const { resourceMetrics } = await reader2.collect();
    const requests = points(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics), 'traces.service.graph.request');
    expect(requests.map((p) => [p.attributes.client, p.value])).toEqual([['a', 2], ['b', 1], ['other', 1], ['unknown', 1]]);
    expect(warnings).toEqual(['Sightline: service graph: more than 2 distinct callers; further ones are recorded as "other"']);
    await meters.shutdown();
  });
});
