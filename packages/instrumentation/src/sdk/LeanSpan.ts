// Adapted from @opentelemetry/sdk-trace 3.1.0, src/Span.ts (Apache-2.0, The OpenTelemetry Authors):
// the same behaviour and the same values through the same helpers of @opentelemetry/core, with fewer
// objects per span (no options object, no placeholder arrays replaced at once, a shared status until
// one is set, the start attributes already cleaned by the tracer). Attribute checks are core's (in the
// preload, the bundled copy patched for plain values: tsdown.config.mjs). bench/RESULTS.md, section 31.
import { SpanStatusCode, diag, type Attributes, type AttributeValue, type Context, type Exception, type HrTime, type Link, type SpanContext, type SpanKind, type SpanStatus, type TimeInput } from '@opentelemetry/api';
import {
  AddAttributeDecision, addHrTimes, cleanAttributes, cleanSimpleAttributes, hrTime, hrTimeDuration, isTimeInput,
  isTimeInputHrTime, maybeAddAttribute, millisToHrTime, type InstrumentationScope,
} from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { InspectOptionsStylized, inspect as Inspect } from 'node:util';
import type { Span, SpanLimits, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace';

/** SpanLimits with every limit set, as the SDK's TracerProvider fills them in. */
export type SettledSpanLimits = Required<SpanLimits>;

const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NOT_ENDED: HrTime = Object.freeze([0, 0]) as unknown as HrTime;
const NO_DURATION: HrTime = Object.freeze([-1, -1]) as unknown as HrTime;

/** What a span shares with every other span of its tracer. */
export interface SpanSettings {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly processor: SpanProcessor;
  readonly limits: SettledSpanLimits;
}

/** A resource's attributes without waiting for (or warning about) asynchronous ones still pending. */
function settledAttributes(resource: Resource): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of resource.getRawAttributes()) {
    if (typeof (value as { then?: unknown } | undefined)?.then === 'function') continue;
    if (value != null) attributes[key] ??= value as AttributeValue;
  }
  return attributes;
}

/** Makes room in a full list of events or links by dropping its oldest entry (the newest are kept). */
function dropOldestIfFull(list: unknown[], limit: number, droppedSoFar: number, what: string): boolean {
  if (list.length < limit) return false;
  if (droppedSoFar === 0) diag.debug(`Dropping extra ${what}.`);
  list.shift();
  return true;
}

export class LeanSpan implements Span {
  name: string;
  status: SpanStatus = UNSET;
  endTime: HrTime = NOT_ENDED;
  readonly startTime: HrTime;
  readonly events: TimedEvent[] = [];
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  private _ended = false;
  private _duration: HrTime = NO_DURATION;
  private _droppedEventsCount = 0;
  private _droppedLinksCount = 0;
  private readonly _performanceStartTime: number;
  private readonly _startMillis: number;
  private readonly _startTimeProvided: boolean;

  /** `attributes` already cleaned (the tracer did, for the sampler), `attributesCount` its size. */
  constructor(
    private readonly _settings: SpanSettings,
    context: Context,
    private readonly _spanContext: SpanContext,
    name: string,
    readonly kind: SpanKind,
    readonly parentSpanContext: SpanContext | undefined,
    public links: Link[],
    readonly attributes: Attributes,
    private _attributesCount: number,
    private _droppedAttributesCount: number,
    startTime: TimeInput | undefined,
  ) {
    this._startMillis = Date.now();
    this._performanceStartTime = performance.now();
    this._startTimeProvided = startTime != null;
    this.name = name;
    this.resource = _settings.resource;
    this.instrumentationScope = _settings.scope;
    const { linkCountLimit } = _settings.limits;
    if (links.length > linkCountLimit) {
      this.links = links.slice(links.length - linkCountLimit, links.length);
      this._droppedLinksCount = links.length - linkCountLimit;
    }
    // _getTime(Date.now()) as the SDK's span does, without its check for a time on the performance
    // clock (Date.now() <= performance.now() would take 55 years of uptime) and that check's clock read.
    this.startTime = startTime == null ? millisToHrTime(this._startMillis) : this._getTime(startTime);
    _settings.processor.onStart(this, context);
  }

  spanContext(): SpanContext {
    return this._spanContext;
  }

  setAttribute(key: string, value?: AttributeValue): this {
    if (this._isSpanEnded()) return this;
    const decision = maybeAddAttribute({
      key, value, attributes: this.attributes, limits: this._settings.limits, currentAttributesCount: this._attributesCount,
    });
    if (decision === AddAttributeDecision.DROP_LIMIT_REACHED) {
      this._droppedAttributesCount++;
      if (this._droppedAttributesCount === 1) diag.warn('Dropping extra attributes.');
    } else if (decision === AddAttributeDecision.ADD_NEW) {
      this._attributesCount++;
    }
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key)) this.setAttribute(key, attributes[key]);
    }
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, timeStamp?: TimeInput): this {
    if (this._isSpanEnded()) return this;
    const { eventCountLimit, attributePerEventCountLimit, attributeValueLengthLimit } = this._settings.limits;
    if (eventCountLimit === 0) {
      diag.warn('No events allowed.');
      this._droppedEventsCount++;
      return this;
    }
    if (dropOldestIfFull(this.events, eventCountLimit, this._droppedEventsCount, 'events')) this._droppedEventsCount++;
    if (isTimeInput(attributesOrStartTime)) {
      if (!isTimeInput(timeStamp)) timeStamp = attributesOrStartTime;
      attributesOrStartTime = undefined;
    }
    this.events.push({
      name,
      time: this._getTime(timeStamp),
      ...cleanSimpleAttributes(attributesOrStartTime as Attributes | undefined, { attributeCountLimit: attributePerEventCountLimit, attributeValueLengthLimit }),
    } as TimedEvent);
    return this;
  }

  addLink(link: Link): this {
    if (this._isSpanEnded()) return this;
    const { linkCountLimit, attributePerLinkCountLimit, attributeValueLengthLimit } = this._settings.limits;
    if (linkCountLimit === 0) {
      this._droppedLinksCount++;
      return this;
    }
    if (dropOldestIfFull(this.links, linkCountLimit, this._droppedLinksCount, 'links')) this._droppedLinksCount++;
    this.links.push({ context: link.context, ...cleanAttributes(link.attributes, { attributeCountLimit: attributePerLinkCountLimit, attributeValueLengthLimit }) } as Link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this._isSpanEnded()) return this;
    if (status.code === SpanStatusCode.UNSET) return this;
    if (this.status.code === SpanStatusCode.OK) return this;
    const next: SpanStatus = { code: status.code };
    if (status.code === SpanStatusCode.ERROR) {
      if (typeof status.message === 'string') next.message = status.message;
      else if (status.message != null) diag.warn(`Dropping invalid status.message of type '${typeof status.message}', expected 'string'`);
    }
    this.status = next;
    return this;
  }

  updateName(name: string): this {
    if (this._isSpanEnded()) return this;
    this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this._isSpanEnded()) {
      diag.error(`${this.name} ${this._spanContext.traceId}-${this._spanContext.spanId} - You can only call end() on a span once.`);
      return;
    }
    this.endTime = this._getTime(endTime);
    this._duration = hrTimeDuration(this.startTime, this.endTime);
    if (this._duration[0] < 0) {
      diag.warn('Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.', this.startTime, this.endTime);
      this.endTime = this.startTime.slice() as HrTime;
      this._duration = [0, 0];
    }
    if (this._droppedEventsCount > 0) diag.warn(`Dropped ${this._droppedEventsCount} events because eventCountLimit reached`);
    if (this._droppedLinksCount > 0) diag.warn(`Dropped ${this._droppedLinksCount} links because linkCountLimit reached`);
    const processor = this._settings.processor;
    if (processor.onEnding) processor.onEnding(this);
    this._ended = true;
    processor.onEnd(this);
  }

  private _getTime(input?: TimeInput): HrTime {
    if (typeof input === 'number' && input <= performance.now()) {
      // A time relative to performance.timeOrigin, shifted to the wall clock as the span saw it at its start.
      return hrTime(input + (this._startMillis - (this._performanceStartTime + performance.timeOrigin)));
    }
    if (typeof input === 'number') return millisToHrTime(input);
    if (input instanceof Date) return millisToHrTime(input.getTime());
    if (isTimeInputHrTime(input)) return input;
    if (this._startTimeProvided) return millisToHrTime(Date.now());
    return addHrTimes(this.startTime, millisToHrTime(performance.now() - this._performanceStartTime));
  }

  isRecording(): boolean {
    return this._ended === false;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      if (exception.code) attributes['exception.type'] = exception.code.toString();
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent('exception', attributes, time);
    else diag.warn(`Failed to record an exception ${String(exception)}`);
  }

  get duration(): HrTime {
    return this._duration;
  }

  get ended(): boolean {
    return this._ended;
  }

  get droppedAttributesCount(): number {
    return this._droppedAttributesCount;
  }

  get droppedEventsCount(): number {
    return this._droppedEventsCount;
  }

  get droppedLinksCount(): number {
    return this._droppedLinksCount;
  }

  /** What `util.inspect` / `console.log` show, as for the SDK's span: the span's data, not its settings. */
  [Symbol.for('nodejs.util.inspect.custom')](depth: number, options: InspectOptionsStylized, inspect: typeof Inspect): unknown {
    if (depth < 0) return options.stylize('[LeanSpan]', 'special');
    const payload = {
      name: this.name, kind: this.kind, spanContext: this._spanContext, parentSpanContext: this.parentSpanContext,
      status: this.status, startTime: this.startTime, endTime: this.endTime, duration: this._duration, ended: this._ended,
      attributes: this.attributes, events: this.events, links: this.links,
      droppedAttributesCount: this._droppedAttributesCount, droppedEventsCount: this._droppedEventsCount, droppedLinksCount: this._droppedLinksCount,
      instrumentationScope: this.instrumentationScope, resource: { attributes: settledAttributes(this.resource) },
    };
    return `LeanSpan ${inspect(payload, { ...options, depth: options.depth == null ? options.depth : options.depth - 1 })}`;
  }

  private _isSpanEnded(): boolean {
    if (this._ended) {
      const { traceId, spanId } = this._spanContext;
      const error = new Error(`Operation attempted on ended Span {traceId: ${traceId}, spanId: ${spanId}}`);
      diag.warn(`Cannot execute the operation on ended Span {traceId: ${traceId}, spanId: ${spanId}}`, error);
    }
    return this._ended;
  }
}
