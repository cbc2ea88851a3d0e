/** A declarative rule that turns spans or span events into a metric. */
export interface BusinessRule {
  /** Metric name, e.g. `orders.completed`. Rules may share a metric (same type). */
  metric: string;
  /** `counter` (default) adds the value (1 without `value`); `histogram` records it. */
  type?: 'counter' | 'histogram';
  /** What to match; at least one of `span`, `event`, `attributes`. All given conditions must hold. */
  match: {
    /** Span name, exact, or a prefix when it ends with `*` (`POST /orders*`). */
    span?: string;
    /** Span event name (e.g. one recorded by recordBusinessEvent); the rule then fires once per event. */
    event?: string;
    /** Attributes that must be present with exactly these values (event attributes first, then span's). */
    attributes?: Record<string, string | number | boolean>;
  };
  /** Attribute holding the number to add or record (event attributes first, then span's). */
  value?: string;
  unit?: string;
  description?: string;
  /** Attributes kept as metric dimensions; everything else is dropped. */
  attributes?: string[];
  /** Distinct dimension sets kept before overflowing into one `otel.metric.overflow=true` series. */
  cardinalityLimit?: number;
}
