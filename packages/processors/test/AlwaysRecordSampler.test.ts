import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { AlwaysRecordSampler } from '../src/AlwaysRecordSampler.js';
import { createHarness } from './helpers/harness.js';

describe('AlwaysRecordSampler', () => {
  describe('.shouldSample', () => {
    it('turns NOT_RECORD into RECORD and leaves sampled decisions alone', () => {
      const args: Parameters<AlwaysRecordSampler['shouldSample']> = [ROOT_CONTEXT, '0af7651916cd43dd8448eb211c80319c', 'span', SpanKind.INTERNAL, {}, []];
      expect(new AlwaysRecordSampler(new AlwaysOffSampler()).shouldSample(...args).decision).toBe(SamplingDecision.RECORD);
      expect(new AlwaysRecordSampler(new AlwaysOnSampler()).shouldSample(...args).decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(String(new AlwaysRecordSampler(new AlwaysOffSampler()))).toBe('AlwaysRecordSampler{AlwaysOffSampler}');
    });

    it('with shouldRecord, records only the dropped spans it selects by start attributes', () => {
      const sampler = new AlwaysRecordSampler(new AlwaysOffSampler(), (attrs) => attrs['circuit_breaker.name'] !== undefined);
      const decide = (attributes: Record<string, string>) => sampler.shouldSample(ROOT_CONTEXT, '0af7651916cd43dd8448eb211c80319c', 'span', SpanKind.INTERNAL, attributes, []).decision;
      expect(decide({ 'circuit_breaker.name': 'payments' })).toBe(SamplingDecision.RECORD);
      expect(decide({ 'http.request.method': 'GET' })).toBe(SamplingDecision.NOT_RECORD);
    });
  });

  it('lets processors see unsampled spans (and their children) while exporters skip them', () => {
    const seen: string[] = [];
    const h = createHarness(() => [{ onStart() {}, onEnd: (s) => seen.push(s.name), forceFlush: async () => {}, shutdown: async () => {} }],
      new AlwaysRecordSampler(new ParentBasedSampler({ root: new AlwaysOffSampler() })));
    const tracer = h.tracerProvider.getTracer('t');
    tracer.startActiveSpan('parent', (p) => { tracer.startSpan('child').end(); p.end(); });
    expect(seen).toEqual(['child', 'parent']);
    expect(h.spans()).toEqual([]);
  });
});
