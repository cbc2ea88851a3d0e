// Adapted from @opentelemetry/sdk-trace 3.1.0, src/Tracer.ts (Apache-2.0, The OpenTelemetry Authors):
// the same sampling, ids, suppression and attribute cleaning (core's), creating LeanSpans; a span
// without sampler attributes skips the SDK's second copy of its attributes.
import {
  INVALID_SPAN_CONTEXT, SamplingDecision, SpanKind, TraceFlags, context as api, diag, trace,
  type Attributes, type Context, type Link, type Span, type SpanContext, type SpanOptions, type Tracer,
} from '@opentelemetry/api';
import { cleanAttributes, isTracingSuppressed, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { IdGenerator, Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';
import { LeanSpan, type SettledSpanLimits, type SpanSettings } from './LeanSpan.js';

const NO_ATTR_LIMITS = { attributeCountLimit: Infinity, attributeValueLengthLimit: Infinity };

/** What the SDK's TracerProvider hands each of its tracers. */
export interface TracerSettings {
  resource: Resource;
  sampler: Sampler;
  spanLimits: SettledSpanLimits;
  idGenerator: IdGenerator;
  spanProcessor: SpanProcessor;
}

export class LeanTracer implements Tracer {
  private readonly _span: SpanSettings;

  constructor(readonly instrumentationScope: InstrumentationScope, private readonly _settings: TracerSettings) {
    this._span = { resource: _settings.resource, scope: instrumentationScope, processor: _settings.spanProcessor, limits: _settings.spanLimits };
  }

  startSpan(name: string, options: SpanOptions = {}, context: Context = api.active()): Span {
    if (options.root) context = trace.deleteSpan(context);
    const parentSpan = trace.getSpan(context);
    if (isTracingSuppressed(context)) {
      diag.debug('Instrumentation suppressed, returning Noop Span');
      return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    }
    const { idGenerator, sampler, spanLimits } = this._settings;
    const parentSpanContext = parentSpan?.spanContext();
    const spanId = idGenerator.generateSpanId();
    let validParentSpanContext: SpanContext | undefined;
    let traceId: string;
    let traceState;
    if (!parentSpanContext || !trace.isSpanContextValid(parentSpanContext)) {
      traceId = idGenerator.generateTraceId();
    } else {
      traceId = parentSpanContext.traceId;
      traceState = parentSpanContext.traceState;
      validParentSpanContext = parentSpanContext;
    }
    const spanKind = options.kind ?? SpanKind.INTERNAL;
    const links: Link[] = options.links === undefined || options.links.length === 0 ? [] : options.links.map((link) => ({
      context: link.context,
      ...cleanAttributes(link.attributes, { attributeCountLimit: spanLimits.attributePerLinkCountLimit, attributeValueLengthLimit: spanLimits.attributeValueLengthLimit }),
    } as Link));
    const first = cleanAttributes(options.attributes, NO_ATTR_LIMITS);
    const attributes: Attributes = first.attributes ?? {};
    const samplingResult = sampler.shouldSample(context, traceId, name, spanKind, attributes, links);
    traceState = samplingResult.traceState ?? traceState;
    const traceFlags = samplingResult.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const spanContext: SpanContext = { traceId, spanId, traceFlags, traceState };
    if (samplingResult.decision === SamplingDecision.NOT_RECORD) {
      diag.debug('Recording is off, propagating context in a non-recording span');
      return trace.wrapSpanContext(spanContext);
    }
    // The SDK cleans the attributes a second time with the span limits; with no sampler attributes,
    // no length limit and no more attributes than the count limit that copy is the same as the first.
    let spanAttributes = attributes;
    let dropped = first.droppedAttributesCount ?? 0;
    let count = countOf(attributes);
    if (samplingResult.attributes !== undefined || count > spanLimits.attributeCountLimit || spanLimits.attributeValueLengthLimit !== Infinity) {
      const second = cleanAttributes(Object.assign(attributes, samplingResult.attributes), spanLimits);
      spanAttributes = second.attributes ?? {};
      dropped += second.droppedAttributesCount ?? 0;
      count = countOf(spanAttributes);
    }
    return new LeanSpan(this._span, context, spanContext, name, spanKind, validParentSpanContext, links, spanAttributes, count, dropped, options.startTime);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, arg2?: F | SpanOptions, arg3?: F | Context, arg4?: F): ReturnType<F> | undefined {
    let options: SpanOptions | undefined;
    let ctx: Context | undefined;
    let fn: F;
    if (arguments.length < 2) return undefined;
    if (arguments.length === 2) {
      fn = arg2 as F;
    } else if (arguments.length === 3) {
      options = arg2 as SpanOptions | undefined;
      fn = arg3 as F;
    } else {
      options = arg2 as SpanOptions | undefined;
      ctx = arg3 as Context | undefined;
      fn = arg4 as F;
    }
    const parentContext = ctx ?? api.active();
    const span = this.startSpan(name, options, parentContext);
    return api.with(trace.setSpan(parentContext, span), fn as (s: Span) => ReturnType<F>, undefined, span);
  }
}

/** How many attributes a cleaned (plain, own-keyed) attribute object holds, without a key array. */
function countOf(attributes: Attributes): number {
  let n = 0;
  for (const _ in attributes) n++;
  return n;
}
