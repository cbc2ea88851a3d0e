import { ROOT_CONTEXT, trace, type Attributes, type Context, type Meter } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { BusinessRule } from './BusinessRule.js';
import { CardinalityGuard } from './CardinalityGuard.js';

interface CompiledRule {
  readonly metric: string;
  readonly record: (value: number, attributes: Attributes, ctx: Context) => void;
  readonly counter: boolean;
  readonly span: string | undefined;
  readonly prefix: boolean;
  readonly where: ReadonlyArray<readonly [string, unknown]>;
  readonly valueKey: string | undefined;
  readonly dims: readonly string[];
  readonly guard: CardinalityGuard;
}

export interface RuleIndexOptions {
  meter: Meter;
  defaultCardinalityLimit: number;
  exemplars: boolean;
  warnOnce: (key: string, message: string) => void;
}

/**
 * Rules compiled for the hot path: span rules by exact name, prefix rules, attribute-only rules, and
 * event rules by event name. A span that matches nothing costs a map lookup and a length check.
 */
export class RuleIndex {
  private readonly _bySpan = new Map<string, CompiledRule[]>();
  private readonly _byEvent = new Map<string, CompiledRule[]>();
  private readonly _prefixed: CompiledRule[] = [];
  private readonly _unnamed: CompiledRule[] = [];
  private readonly _guards = new Map<string, CardinalityGuard>();
  private readonly _instruments = new Map<string, CompiledRule['record']>();
  private _ctx: Context | undefined;
  size = 0;

  constructor(private readonly _options: RuleIndexOptions) {}

  add(rule: BusinessRule): void {
    const counter = (rule.type ?? 'counter') === 'counter';
    const span = rule.match.span;
    const prefix = span !== undefined && span.endsWith('*');
    const compiled: CompiledRule = {
      metric: rule.metric,
      record: this._instrument(rule, counter),
      counter,
      span: prefix ? span!.slice(0, -1) : span,
      prefix,
      where: Object.entries(rule.match.attributes ?? {}),
      valueKey: rule.value,
      dims: rule.attributes ?? [],
      guard: this._guard(rule),
    };
    const event = rule.match.event;
    if (event !== undefined) push(this._byEvent, event, compiled);
    else if (compiled.span !== undefined && !prefix) push(this._bySpan, compiled.span, compiled);
    else if (prefix) this._prefixed.push(compiled);
    else this._unnamed.push(compiled);
    this.size++;
  }

  apply(span: ReadableSpan): void {
    this._ctx = undefined;
    const attrs = span.attributes;
    const exact = this._bySpan.get(span.name);
    if (exact !== undefined) for (let i = 0; i < exact.length; i++) this._try(exact[i]!, span, undefined, attrs);
    for (let i = 0; i < this._prefixed.length; i++) this._try(this._prefixed[i]!, span, undefined, attrs);
    for (let i = 0; i < this._unnamed.length; i++) this._try(this._unnamed[i]!, span, undefined, attrs);
    const events = span.events;
    if (events.length === 0 || this._byEvent.size === 0) return;
    for (let e = 0; e < events.length; e++) {
      const rules = this._byEvent.get(events[e]!.name);
      if (rules === undefined) continue;
      const eventAttrs = events[e]!.attributes ?? {};
      for (let i = 0; i < rules.length; i++) this._try(rules[i]!, span, eventAttrs, attrs);
    }
  }

  private _try(rule: CompiledRule, span: ReadableSpan, first: Attributes | undefined, second: Attributes): void {
    if (rule.span !== undefined && (rule.prefix ? !span.name.startsWith(rule.span) : span.name !== rule.span)) return;
    for (let i = 0; i < rule.where.length; i++) {
      const [key, expected] = rule.where[i]!;
      if ((first?.[key] ?? second[key]) !== expected) return;
    }
    let value = 1;
    if (rule.valueKey !== undefined) {
      const raw = first?.[rule.valueKey] ?? second[rule.valueKey];
      value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(value) || (rule.counter && value < 0)) {
        this._options.warnOnce(`value:${rule.metric}:${rule.valueKey}`,
          `business metric "${rule.metric}" skipped a match: attribute "${rule.valueKey}" is ` +
          `${raw === undefined ? 'missing' : `not a ${rule.counter ? 'non-negative ' : ''}number (${JSON.stringify(raw)})`}`);
        return;
      }
    }
    const ctx = this._options.exemplars ? (this._ctx ??= trace.setSpanContext(ROOT_CONTEXT, span.spanContext())) : ROOT_CONTEXT;
    rule.record(value, rule.guard.resolve(rule.dims, first, second), ctx);
  }

  private _instrument(rule: BusinessRule, counter: boolean): CompiledRule['record'] {
    let record = this._instruments.get(rule.metric);
    if (record !== undefined) return record;
    const options = {
      ...(rule.description !== undefined ? { description: rule.description } : {}),
      ...(rule.unit !== undefined ? { unit: rule.unit } : {}),
    };
    if (counter) {
      const c = this._options.meter.createCounter(rule.metric, options);
      record = (v, a, ctx) => c.add(v, a, ctx);
    } else {
      const h = this._options.meter.createHistogram(rule.metric, options);
      record = (v, a, ctx) => h.record(v, a, ctx);
    }
    this._instruments.set(rule.metric, record);
    return record;
  }

  private _guard(rule: BusinessRule): CardinalityGuard {
    let guard = this._guards.get(rule.metric);
    if (guard === undefined) {
      const limit = rule.cardinalityLimit ?? this._options.defaultCardinalityLimit;
      guard = new CardinalityGuard(limit, () => this._options.warnOnce(`overflow:${rule.metric}`,
        `business metric "${rule.metric}" reached its cardinality limit of ${limit} attribute sets; ` +
        `new sets are recorded under otel.metric.overflow=true`));
      this._guards.set(rule.metric, guard);
    }
    return guard;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
