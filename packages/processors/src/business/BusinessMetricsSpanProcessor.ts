import { metrics, type MeterProvider } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { SCOPE_NAME } from '../semconv.js';
import { createWarnOnce, defaultWarn, type Warn } from '../warn-once.js';
import type { BusinessRule } from './BusinessRule.js';
import { onBusinessRulesRegistered, registeredBusinessRules } from './business-rule-registry.js';
import { RuleIndex } from './RuleIndex.js';
import { validateRules } from './validate-rules.js';

export interface BusinessMetricsSpanProcessorOptions {
  /** Rules from code; validated here (throws BusinessRuleError). */
  rules?: readonly BusinessRule[];
  /** Also apply rules passed to registerBusinessRules(), now and later. Default true. */
  includeRegisteredRules?: boolean;
  /** Where the metrics go; the global meter provider by default. */
  meterProvider?: MeterProvider;
  /** Distinct attribute sets per metric when a rule sets no cardinalityLimit. Default 100. */
  cardinalityLimit?: number;
  /** Record in the span's context so SDKs that support exemplars attach its trace id. Default true. */
  exemplars?: boolean;
  /** Receives the processor's warnings (each at most once). */
  warn?: Warn;
}

/**
 * Turns ended spans and their events into business metrics according to declarative rules. Sees
 * every span the provider records, so with AlwaysRecordSampler counts stay exact at any sampling
 * rate. Never throws into the caller after construction.
 */
export class BusinessMetricsSpanProcessor implements SpanProcessor {
  private readonly _index: RuleIndex;
  private readonly _warnOnce: (key: string, message: string) => void;
  private readonly _unsubscribe: () => void = () => {};

  constructor(options: BusinessMetricsSpanProcessorOptions = {}) {
    this._warnOnce = createWarnOnce(options.warn ?? defaultWarn);
    this._index = new RuleIndex({
      meter: (options.meterProvider ?? metrics).getMeter(SCOPE_NAME),
      defaultCardinalityLimit: options.cardinalityLimit ?? 100,
      exemplars: options.exemplars !== false,
      warnOnce: this._warnOnce,
    });
    if (options.rules !== undefined) this.addRules(validateRules(options.rules));
    if (options.includeRegisteredRules !== false) {
      this.addRules(registeredBusinessRules());
      this._unsubscribe = onBusinessRulesRegistered((rules) => this.addRules(rules));
    }
  }

  /** Number of rules in effect. */
  get ruleCount(): number {
    return this._index.size;
  }

  /** Adds already validated rules. */
  addRules(rules: readonly BusinessRule[]): void {
    for (const rule of rules) this._index.add(rule);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this._index.size === 0) return;
    try {
      this._index.apply(span);
    } catch (error) {
      this._warnOnce('onEnd', `business metrics failed for a span: ${String(error)}`);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this._unsubscribe();
    return Promise.resolve();
  }
}
