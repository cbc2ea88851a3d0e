import {
  ROOT_CONTEXT, SamplingDecision, SpanKind, SpanStatusCode, TraceFlags, context, diag, trace,
  type Attributes, type Context, type Link, type Span, type SpanOptions, type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TraceState, suppressTracing } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler, TracerProvider, type IdGenerator, type ReadableSpan, type Sampler, type SamplingResult,
  type SpanLimits, type SpanProcessor, type Span as SdkSpan,
} from '@opentelemetry/sdk-trace';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LeanSpan } from '../../src/sdk/LeanSpan.js';
import { LeanTracerProvider } from '../../src/sdk/LeanTracerProvider.js';

// The lean tracer must give processors and exporters exactly what the SDK's tracer gives: every
// scenario runs once against each, with the same ids, the same fake clock and the same calls, and
// what the processors saw (at start, ending and end) and what the calls returned must be equal.

class CountingIds implements IdGenerator {
  private n = 0;
  generateTraceId(): string { return (++this.n).toString(16).padStart(32, '0'); }
  generateSpanId(): string { return (++this.n).toString(16).padStart(16, '0'); }
}

/** Decides from the span's name, and adds attributes and a trace state when asked to. */
class ScriptedSampler implements Sampler {
  shouldSample(_ctx: Context, _traceId: string, name: string, _kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (name.startsWith('drop')) return { decision: SamplingDecision.NOT_RECORD };
    if (name.startsWith('record-only')) return { decision: SamplingDecision.RECORD };
    if (name.startsWith('annotate')) {
      return { decision: SamplingDecision.RECORD_AND_SAMPLED, attributes: { 'sampler.saw': Object.keys(attributes).length, 'sampler.links': links.length }, traceState: new TraceState('vendor=1') };
    }
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }
  toString(): string { return 'ScriptedSampler'; }
}

type Snapshot = Record<string, unknown>;
function snapshot(span: ReadableSpan): Snapshot {
  return structuredClone({
    name: span.name, kind: span.kind, spanContext: { ...span.spanContext(), traceState: span.spanContext().traceState?.serialize() },
    parentSpanContext: span.parentSpanContext && { ...span.parentSpanContext, traceState: span.parentSpanContext.traceState?.serialize() },
    startTime: span.startTime, endTime: span.endTime, duration: span.duration, status: span.status, attributes: span.attributes,
    links: span.links.map((l) => ({ ...l, context: { ...l.context, traceState: l.context.traceState?.serialize() } })),
    events: span.events, ended: span.ended, resource: span.resource.attributes, scope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount, droppedEventsCount: span.droppedEventsCount, droppedLinksCount: span.droppedLinksCount,
  });
}

function recorder(): SpanProcessor & { seen: Snapshot[] } {
  const seen: Snapshot[] = [];
  return {
    seen,
    onStart: (span: SdkSpan, ctx: Context) => { seen.push({ at: 'start', span: snapshot(span), parent: trace.getSpanContext(ctx)?.spanId ?? null }); },
    onEnding: (span: SdkSpan) => { seen.push({ at: 'ending', span: snapshot(span) }); },
    onEnd: (span: ReadableSpan) => { seen.push({ at: 'end', span: snapshot(span) }); },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

type Scenario = (tracer: Tracer, tick: (ms: number) => void) => unknown;

/** Runs a scenario on a fresh provider of the given kind; returns what processors saw, what it returned, and the diag messages. */
function run(Provider: typeof TracerProvider, scenario: Scenario, spanLimits?: SpanLimits): unknown {
  vi.useFakeTimers({ toFake: ['Date', 'performance'], now: 1_750_000_000_123 });
  // The wall clock 5 s ahead of performance.timeOrigin + performance.now(), as real clocks drift apart:
  // spans shift times given on the performance clock by what they saw at their start.
  vi.setSystemTime(1_750_000_005_123);
  const messages: string[] = [];
  const log = (...args: unknown[]): void => { messages.push(args.map(String).join(' ')); };
  diag.setLogger({ verbose: () => {}, debug: log, info: log, warn: log, error: log }, { suppressOverrideMessage: true, logLevel: 99 as never });
  try {
    const processor = recorder();
    const provider = new Provider({
      resource: resourceFromAttributes({ 'service.name': 'lean-test' }), idGenerator: new CountingIds(), sampler: new ScriptedSampler(), spanProcessors: [processor], spanLimits,
    });
    const tracer = provider.getTracer('scope', '1.2.3', { schemaUrl: 'https://example.com/schema' });
    const returned = scenario(tracer, (ms) => vi.advanceTimersByTime(ms));
    return structuredClone({ seen: processor.seen, returned: describeReturn(returned), messages });
  } finally {
    diag.disable();
    vi.useRealTimers();
  }
}

function describeReturn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(describeReturn);
  if (value && typeof value === 'object' && 'spanContext' in value && typeof (value as Span).spanContext === 'function') {
    const span = value as Span;
    return { recording: span.isRecording(), spanContext: { ...span.spanContext(), traceState: span.spanContext().traceState?.serialize() } };
  }
  return value;
}

function expectSame(scenario: Scenario, spanLimits?: SpanLimits): unknown {
  const sdk = run(TracerProvider, scenario, spanLimits);
  const lean = run(LeanTracerProvider, scenario, spanLimits);
  expect(lean).toEqual(sdk);
  return lean;
}

const manager = new AsyncLocalStorageContextManager();
beforeAll(() => { context.setGlobalContextManager(manager.enable()); });
afterAll(() => { context.disable(); });

const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState: new TraceState('congo=t61'),
});

describe('LeanTracerProvider: the same spans as the SDK', () => {
  it('uses LeanTracer and LeanSpan (and the SDK tracer when tracer metrics are asked for)', () => {
    const provider = new LeanTracerProvider({ sampler: new AlwaysOnSampler() });
    const span = provider.getTracer('x').startSpan('s');
    expect(span).toBeInstanceOf(LeanSpan);
    expect(provider.getTracer('x')).toBe(provider.getTracer('x'));
    expect(provider.getTracer('x', '2')).not.toBe(provider.getTracer('x'));
    const meterProvider = { getMeter: () => ({ createCounter: () => ({ add() {} }), createUpDownCounter: () => ({ add() {} }), createHistogram: () => ({ record() {} }) }) };
    const withMetrics = new LeanTracerProvider({ sampler: new AlwaysOnSampler(), meterProvider: meterProvider as never });
    expect(withMetrics.getTracer('x').startSpan('s')).not.toBeInstanceOf(LeanSpan);
  });

  it('shows its data, not its settings, when inspected (as the SDK\'s span does)', () => {
    const provider = new LeanTracerProvider({ sampler: new AlwaysOnSampler(), resource: resourceFromAttributes({ 'service.name': 'inspected' }) });
    const span = provider.getTracer('x').startSpan('shown', { attributes: { 'order.id': 42 } });
    const text = inspect(span, { depth: 4 });
    expect(text).toMatch(/^LeanSpan \{/);
    expect(text).toContain("name: 'shown'");
    expect(text).toContain("'order.id': 42");
    expect(text).toContain("'service.name': 'inspected'");
    expect(text).not.toMatch(/_settings|processor|limits/);
    expect(inspect({ nested: { deeper: span } }, { depth: 1 })).toContain('[LeanSpan]');
  });

  it('a plain span: start attributes, more attributes, status, name, end', () => {
    const out = expectSame((tracer, tick) => {
      const span = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': '/a', 'url.scheme': 'http' } });
      tick(3);
      span.setAttributes({ 'server.port': 8080, 'request.id': 'r-1', flag: true, list: ['a', 'b'] });
      span.setAttribute('http.response.status_code', 200);
      span.updateName('GET /a');
      span.setStatus({ code: SpanStatusCode.OK });
      tick(2);
      span.end();
      return span;
    }) as { seen: { at: string }[] };
    expect(out.seen.map((s) => s.at)).toEqual(['start', 'ending', 'end']);
  });

  it('odd attribute values and keys, overwrites, values the API does not allow', () => {
    expectSame((tracer, tick) => {
      const span = tracer.startSpan('odd', {
        attributes: { u: undefined, '': 'empty key', n: null as never, f: (() => 1) as never, nested: { a: 1, b: [1, 2] } as never, bytes: new Uint8Array([1, 2]) as never, mixed: ['a', 1] as never },
      });
      span.setAttribute('k', 'v1');
      span.setAttribute('k', 'v2');
      span.setAttribute('', 'x');
      span.setAttribute('undefined', undefined);
      span.setAttribute('fn', (() => 2) as never);
      tick(1);
      span.end();
    });
  });

  it('limits: attributes dropped and truncated at start and later, events and links beyond their counts', () => {
    expectSame((tracer, tick) => {
      const link = (n: number): Link => ({ context: { traceId: `${n}`.padStart(32, 'c'), spanId: `${n}`.padStart(16, 'd'), traceFlags: 1 }, attributes: { a: 'long value', b: 2, c: 3 } });
      const span = tracer.startSpan('limited', { attributes: { a: 'abcdefghij', b: 'x', c: 'y', d: 'z', e: ['long string', 'ok'] }, links: [link(1), link(2), link(3)] });
      span.setAttribute('f', 'more');
      span.setAttribute('a', 'overwritten value');
      span.addEvent('e1', { x: 'event attribute', y: 2 });
      tick(1);
      span.addEvent('e2');
      span.addEvent('e3', { z: [1, 2] });
      span.addLink(link(4));
      span.addLinks([link(5), link(6)]);
      span.end();
    }, { attributeCountLimit: 3, attributeValueLengthLimit: 5, eventCountLimit: 2, linkCountLimit: 2, attributePerEventCountLimit: 1, attributePerLinkCountLimit: 1 });
  });

  it('inherited keys, nulls, arrays and maps next to plain values, as start attributes and later', () => {
    expectSame((tracer) => {
      const withInherited = Object.assign(Object.create({ inherited: 'from the prototype' }) as Attributes, { own: 'value', n: 1 });
      tracer.startSpan('inherited', { attributes: withInherited }).end();
      const span = tracer.startSpan('mixed', { attributes: { s: 'plain', list: ['x', 'y'], map: { k: 'v' } as never, none: null as never } });
      span.setAttribute('late list', [1, 2, 3]);
      span.setAttribute('late null', null as never);
      span.setAttribute('late map', { nested: ['deep value'] } as never);
      span.setAttributes(withInherited);
      span.end();
    }, { attributeValueLengthLimit: 4 });
  });

  it('a length limit of zero or less: ignored, with a warning each time', () => {
    for (const attributeValueLengthLimit of [0, -1]) {
      const out = expectSame((tracer) => {
        const span = tracer.startSpan('limit', { attributes: { a: 'long value' } });
        span.setAttribute('b', 'another long value');
        span.setAttribute('c', ['array value']);
        span.end();
      }, { attributeValueLengthLimit }) as { messages: string[] };
      expect(out.messages.filter((m) => m.includes('Invalid attributeValueLengthLimit')).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('no events or links allowed at all', () => {
    expectSame((tracer) => {
      const span = tracer.startSpan('none', { links: [{ context: remoteParentContext() }] });
      span.addEvent('e');
      span.addLink({ context: remoteParentContext() });
      span.end();
    }, { eventCountLimit: 0, linkCountLimit: 0 });
  });

  it('events with every kind of time, and exceptions', () => {
    expectSame((tracer, tick) => {
      const span = tracer.startSpan('events');
      tick(5);
      span.addEvent('now');
      span.addEvent('relative to the time origin', performance.now() - 2);
      span.addEvent('epoch millis', Date.now() - 1000);
      span.addEvent('date', new Date(Date.now() - 500));
      span.addEvent('hrtime', [1_700_000_000, 5]);
      span.addEvent('attributes and time', { a: 1 }, new Date(Date.now() - 10));
      span.recordException(badInput);
      span.recordException('a string');
      span.recordException({ code: 'ECONNRESET', message: 'reset' });
      span.recordException({} as never);
      span.end();
    });
  });

  it('status rules: error with and without a message, OK is final, UNSET ignored, bad messages dropped', () => {
    expectSame((tracer) => {
      const spans = ['a', 'b', 'c'].map((n) => tracer.startSpan(n));
      spans[0]!.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      spans[0]!.setStatus({ code: SpanStatusCode.UNSET });
      spans[1]!.setStatus({ code: SpanStatusCode.OK });
      spans[1]!.setStatus({ code: SpanStatusCode.ERROR, message: 'ignored' });
      spans[2]!.setStatus({ code: SpanStatusCode.ERROR, message: 42 as never });
      for (const s of spans) s.end();
    });
  });

  it('after end: changes ignored with a warning, a second end refused', () => {
    const out = expectSame((tracer) => {
      const span = tracer.startSpan('ended');
      span.end();
      span.setAttribute('late', 1);
      span.addEvent('late');
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.updateName('renamed');
      span.end();
      return span;
    }) as { messages: string[] };
    expect(out.messages.some((m) => m.includes('You can only call end() on a span once'))).toBe(true);
  });

  it('start and end times given as epoch millis, Date, HrTime and time-origin millis; an end before the start', () => {
    expectSame((tracer, tick) => {
      const a = tracer.startSpan('millis', { startTime: Date.now() - 50 });
      const b = tracer.startSpan('date', { startTime: new Date(Date.now() - 20) });
      const c = tracer.startSpan('hrtime', { startTime: [1_750_000_000, 500] });
      const d = tracer.startSpan('origin', { startTime: performance.now() });
      tick(7);
      a.end(Date.now());
      b.end();
      c.end([1_749_999_999, 0]);
      d.end(performance.now());
    });
  });

  it('parents, roots, sampler decisions, sampler attributes and trace state, suppression', () => {
    expectSame((tracer) => {
      const out: unknown[] = [];
      const child = tracer.startSpan('child of remote', {}, remoteParent);
      out.push(child, tracer.startSpan('root despite parent', { root: true }, remoteParent));
      out.push(tracer.startSpan('drop me', { attributes: { a: 1 } }, remoteParent));
      out.push(tracer.startSpan('record-only', {}, trace.setSpan(ROOT_CONTEXT, child)));
      out.push(tracer.startSpan('annotate', { attributes: { a: 1, b: 2 }, links: [{ context: remoteParentContext() }] }, remoteParent));
      out.push(tracer.startSpan('suppressed', {}, suppressTracing(remoteParent)));
      out.push(tracer.startSpan('invalid parent', {}, trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })));
      for (const s of out as Span[]) s.end();
      return out;
    });
  });

  it('sampler attributes beyond the count limit', () => {
    expectSame((tracer) => {
      tracer.startSpan('annotate', { attributes: { a: 1, b: 2, c: 3 } }).end();
    }, { attributeCountLimit: 3 });
  });

  it('startActiveSpan: every overload, the span active inside, the callback\'s value returned', () => {
    expectSame((tracer) => {
      const seen: unknown[] = [];
      const fn = (span: Span): string => {
        seen.push(trace.getActiveSpan() === span);
        span.end();
        return 'value';
      };
      const results = [
        (tracer.startActiveSpan as (...a: unknown[]) => unknown)('no callback'),
        tracer.startActiveSpan('two', fn),
        tracer.startActiveSpan('three', { attributes: { a: 1 } } as SpanOptions, fn),
        tracer.startActiveSpan('four', {}, remoteParent, fn),
      ];
      return [results, seen];
    });
  });
});

const badInput = new TypeError('bad input');

function remoteParentContext() {
  return trace.getSpanContext(remoteParent)!;
}
