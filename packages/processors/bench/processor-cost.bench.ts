// Cost of the span processors per ended span, next to the SDK's own span cost measured in the same run.
// Run after `pnpm build`: node bench/processor-cost.bench.ts
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { SpanKind } from '@opentelemetry/api';
import { AlwaysOnSampler, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { BusinessMetricsSpanProcessor, CircuitBreakerSpanProcessor, recordBusinessEvent, ServiceGraphSpanProcessor } from '../dist/index.mjs';
import { nsPerOp, row } from './util.ts';

const meterProvider = new MeterProvider();
const breakers = new CircuitBreakerSpanProcessor({ meterProvider });
const business = new BusinessMetricsSpanProcessor({
  meterProvider, includeRegisteredRules: false,
  rules: [
    { metric: 'orders.completed', match: { event: 'order.completed' }, attributes: ['currency'] },
    { metric: 'orders.revenue', match: { event: 'order.completed' }, value: 'business.value', attributes: ['currency'] },
    { metric: 'checkout.requests', match: { span: 'POST /checkout' } },
  ],
});
const graph = new ServiceGraphSpanProcessor({ meterProvider, serviceName: 'bench' });
const tracer = new TracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('bench');
const make = (name: string, fn: (s: any) => void = () => {}): ReadableSpan => {
  const s = tracer.startSpan(name, { attributes: { 'http.request.method': 'GET', 'url.path': '/items/1', 'http.response.status_code': 200 } });
  fn(s);
  s.end();
  return s as unknown as ReadableSpan;
};
const plain = make('GET /items/:id');
const breakerSpan = make('circuit_breaker payments', (s) => s.setAttributes({
  'circuit_breaker.name': 'payments', 'circuit_breaker.state': 'closed', 'circuit_breaker.outcome': 'success' }));
const clientSpan = tracer.startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'server.address': 'payments.internal' } });
clientSpan.end();
const orderSpan = make('POST /orders', (s) => recordBusinessEvent('order.completed', { value: 42.5, currency: 'EUR' }, s));

const loop = (p: { onEnd(s: ReadableSpan): void }, span: ReadableSpan) => (n: number) => { for (let i = 0; i < n; i++) p.onEnd(span); };
const N = 1_000_000;
const sdkSpan = await nsPerOp((n) => { for (let i = 0; i < n; i++) tracer.startSpan('x').end(); }, 200_000);
console.log('Processor cost per ended span (target <= 1000 ns); ratio is to an SDK span start+end without processors');
console.log(row('SDK span start+end, no processors (baseline)', sdkSpan));
for (const [label, p, span] of [
  ['circuit breaker processor, span without breaker attributes', breakers, plain],
  ['business processor, span matching no rule', business, plain],
  ['circuit breaker processor, breaker call span', breakers, breakerSpan],
  ['business processor, span with a matching event (2 rules)', business, orderSpan],
  ['service-graph processor, internal span', graph, plain],
  ['service-graph processor, HTTP client span (client duration)', graph, clientSpan as unknown as ReadableSpan],
] as const) {
  console.log(row(label, await nsPerOp(loop(p, span), N), sdkSpan));
}
