import { trace, type Attributes, type Context, type MeterProvider } from '@opentelemetry/api';
import { AlwaysOffSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlwaysRecordSampler } from '../../src/AlwaysRecordSampler.js';
import { clearRegisteredBusinessRules, registerBusinessRules } from '../../src/business/business-rule-registry.js';
import { BusinessMetricsSpanProcessor } from '../../src/business/BusinessMetricsSpanProcessor.js';
import type { BusinessRule } from '../../src/business/BusinessRule.js';
import { recordBusinessEvent } from '../../src/business/record-business-event.js';
import { createHarness, points, total, type Harness } from '../helpers/harness.js';

const ORDERS: BusinessRule[] = [
  { metric: 'orders.completed', match: { event: 'order.completed' }, attributes: ['currency'], unit: '{order}' },
  { metric: 'orders.revenue', match: { event: 'order.completed' }, value: 'business.value', attributes: ['currency'] },
  { metric: 'orders.amount', type: 'histogram', match: { event: 'order.completed' }, value: 'business.value' },
];

describe('BusinessMetricsSpanProcessor', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.shutdown();
    clearRegisteredBusinessRules();
  });

  function withSpan<T>(name: string, fn: () => T, attributes: Attributes = {}): T {
    const tracer = h.tracerProvider.getTracer('test');
    return tracer.startActiveSpan(name, { attributes }, (span) => {
      try { return fn(); } finally { span.end(); }
    });
  }

  describe('event rules', () => {
    it('counts, sums and records business events with allowlisted dimensions only', async () => {
      h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({ rules: ORDERS, meterProvider })]);
      withSpan('POST /orders', () => {
        expect(recordBusinessEvent('order.completed', { value: 42.5, currency: 'EUR', customer: 'c-1' })).toBe(true);
      });
      withSpan('POST /orders', () => recordBusinessEvent('order.completed', { value: 10, currency: 'USD', customer: 'c-2' }));
      withSpan('POST /orders', () => recordBusinessEvent('order.completed', { value: 7.5, currency: 'EUR' }));
      withSpan('GET /health', () => undefined);
      const m = await h.metrics();
      expect(points(m, 'orders.completed')).toEqual([
        { attributes: { currency: 'EUR' }, value: 2 }, { attributes: { currency: 'USD' }, value: 1 },
      ]);
      expect(points(m, 'orders.revenue')).toEqual([
        { attributes: { currency: 'EUR' }, value: 50 }, { attributes: { currency: 'USD' }, value: 10 },
      ]);
      expect(points(m, 'orders.amount')).toEqual([{ attributes: {}, value: { count: 3, sum: 60 } }]);
      expect(h.spans()[0]!.events[0]!.attributes).toEqual({ 'business.value': 42.5, currency: 'EUR', customer: 'c-1' });
    });

    it('returns false and records nothing without a recording span', async () => {
      h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({ rules: ORDERS, meterProvider })], new AlwaysOffSampler());
      // No active span at all, then a span the sampler did not record.
      expect(recordBusinessEvent('order.completed', { value: 1, currency: 'EUR' })).toBe(false);
      withSpan('POST /orders', () => expect(recordBusinessEvent('order.completed', { value: 2, currency: 'EUR' })).toBe(false));
      const m = await h.metrics();
      expect(['orders.completed', 'orders.revenue', 'orders.amount'].flatMap((name) => points(m, name))).toEqual([]);
      expect(h.spans()).toEqual([]);
      // The same calls inside a recording span are counted: the harness would have seen them.
      await h.shutdown();
      h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({ rules: ORDERS, meterProvider })]);
      withSpan('POST /orders', () => expect(recordBusinessEvent('order.completed', { value: 2, currency: 'EUR' })).toBe(true));
      expect(points(await h.metrics(), 'orders.completed')).toEqual([{ attributes: { currency: 'EUR' }, value: 1 }]);
    });

    it('stays exact when traces are sampled at 10% (AlwaysRecordSampler), and is not without it', async () => {
      const run = async (wrap: boolean) => {
        const ratio = new TraceIdRatioBasedSampler(0.1);
        h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({ rules: ORDERS, meterProvider })],
          wrap ? new AlwaysRecordSampler(ratio) : ratio);
        let revenue = 0;
        for (let i = 0; i < 1_000; i++) {
          const value = (i % 7) + 0.25;
          revenue += value;
          withSpan('POST /orders', () => recordBusinessEvent('order.completed', { value, currency: i % 2 ? 'EUR' : 'USD' }));
        }
        const m = await h.metrics();
        const result = { count: total(m, 'orders.completed'), revenue: total(m, 'orders.revenue'), expected: revenue, exported: h.spans().length };
        await h.shutdown();
        return result;
      };
      const exact = await run(true);
      expect(exact.count).toBe(1_000);
      expect(exact.revenue).toBeCloseTo(exact.expected, 6);
      expect(exact.exported).toBeGreaterThan(0);
      expect(exact.exported).toBeLessThan(300); // unsampled spans were recorded but not exported
      const plain = await run(false);
      expect(plain.count).toBe(plain.exported);
      expect(plain.count).toBeLessThan(300);
    });
  });

  describe('span rules', () => {
    it('matches span name exactly or by prefix, attribute values, and takes the value from an attribute', async () => {
      const rules: BusinessRule[] = [
        { metric: 'checkout.paid', match: { span: 'checkout', attributes: { 'payment.status': 'paid' } }, value: 'order.total', attributes: ['payment.method'] },
        { metric: 'admin.requests', match: { span: 'GET /admin*' } },
        { metric: 'vip.spans', match: { attributes: { 'customer.tier': 'vip' } } },
      ];
      h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({ rules, meterProvider })]);
      withSpan('checkout', () => 0, { 'payment.status': 'paid', 'order.total': 30, 'payment.method': 'card', 'customer.tier': 'vip' });
      withSpan('checkout', () => 0, { 'payment.status': 'paid', 'order.total': '12.5', 'payment.method': 'paypal' });
      withSpan('checkout', () => 0, { 'payment.status': 'declined', 'order.total': 99, 'payment.method': 'card' });
      withSpan('GET /admin/users', () => 0);
      withSpan('GET /administrators', () => 0);
      withSpan('GET /home', () => 0, { 'customer.tier': 'basic' });
      const m = await h.metrics();
      expect(points(m, 'checkout.paid')).toEqual([
        { attributes: { 'payment.method': 'card' }, value: 30 }, { attributes: { 'payment.method': 'paypal' }, value: 12.5 },
      ]);
      expect(total(m, 'admin.requests')).toBe(2);
      expect(total(m, 'vip.spans')).toBe(1);
    });

    it('skips a match whose value is missing or not a number and warns once', async () => {
      const warn = vi.fn();
      h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({
        rules: [{ metric: 'paid', match: { span: 'pay' }, value: 'amount' }], meterProvider, warn,
      })]);
      withSpan('pay', () => 0, { amount: 'lots' });
      withSpan('pay', () => 0);
      withSpan('pay', () => 0, { amount: 5 });
      expect(total(await h.metrics(), 'paid')).toBe(5);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toContain('attribute "amount" is not a non-negative number ("lots")');
    });
  });

  describe('cardinality guard', () => {
    it('sends new attribute sets over the limit to one overflow series and warns once', async () => {
      const warn = vi.fn();
      h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({
        rules: [{ metric: 'payments.failed', match: { event: 'payment.failed' }, attributes: ['reason'], cardinalityLimit: 2 }],
        meterProvider, warn,
      })]);
      for (const reason of ['declined', 'expired', 'declined', 'fraud', 'timeout', 'expired']) {
        withSpan('pay', () => recordBusinessEvent('payment.failed', { reason }));
      }
      expect(points(await h.metrics(), 'payments.failed')).toEqual([
        { attributes: { 'otel.metric.overflow': true }, value: 2 },
        { attributes: { reason: 'declined' }, value: 2 },
        { attributes: { reason: 'expired' }, value: 2 },
      ]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toContain('"payments.failed" reached its cardinality limit of 2');
    });
  });

  describe('rules from code', () => {
    it('applies rules registered after the processor was created (the preload case)', async () => {
      h = createHarness((meterProvider) => [new BusinessMetricsSpanProcessor({ meterProvider })]);
      withSpan('s', () => recordBusinessEvent('signup', {}));
      registerBusinessRules([{ metric: 'signups', match: { event: 'signup' } }]);
      withSpan('s', () => recordBusinessEvent('signup', {}));
      expect(total(await h.metrics(), 'signups')).toBe(1);
    });

    it('rejects invalid rules with every problem listed', () => {
      expect(() => registerBusinessRules([{ metric: '9bad', match: {} } as BusinessRule])).toThrowError(
        /rules\[0\]\.metric: must be a metric name[\s\S]*rules\[0\]\.match: needs at least one of span, event, attributes/);
    });
  });

  describe('exemplars', () => {
    it('records in the span context so exemplar-capable SDKs can attach the trace id', async () => {
      const seen: Array<string | undefined> = [];
      const meterProvider = {
        getMeter: () => ({
          createCounter: () => ({ add: (_v: number, _a: Attributes, ctx: Context) => seen.push(trace.getSpanContext(ctx)?.traceId) }),
        }),
      } as unknown as MeterProvider;
      h = createHarness(() => [new BusinessMetricsSpanProcessor({ rules: [ORDERS[0]!], meterProvider })]);
      withSpan('POST /orders', () => recordBusinessEvent('order.completed', { currency: 'EUR' }));
      expect(seen).toEqual([h.spans()[0]!.spanContext().traceId]);
    });
  });

  describe('.onEnd', () => {
    it('never throws into the app when recording fails, and warns once', async () => {
      const warn = vi.fn();
      const meterProvider = {
        getMeter: () => ({ createCounter: () => ({ add: () => { throw new Error('meter broke'); } }) }),
      } as unknown as MeterProvider;
      h = createHarness(() => [new BusinessMetricsSpanProcessor({ rules: [ORDERS[0]!], meterProvider, warn })]);
      withSpan('a', () => recordBusinessEvent('order.completed', {}));
      withSpan('b', () => recordBusinessEvent('order.completed', {}));
      expect(h.spans()).toHaveLength(2);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toContain('meter broke');
    });
  });
});

