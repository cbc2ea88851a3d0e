import type { OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base/node-http';
import { AggregationTemporality, AggregationType, InstrumentType, type AggregationOption, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ProtoHttpExporter } from './ProtoHttpExporter.js';
import type { MetricTemporality } from '../../config/SightlineConfig.js';
import { METRICS } from './proto-signals.js';

type Selector = (type: InstrumentType) => AggregationTemporality;

const { CUMULATIVE, DELTA } = AggregationTemporality;
const DELTA_TYPES = new Set([InstrumentType.COUNTER, InstrumentType.OBSERVABLE_COUNTER, InstrumentType.GAUGE, InstrumentType.HISTOGRAM, InstrumentType.OBSERVABLE_GAUGE]);
const LOW_MEMORY_DELTA = new Set([InstrumentType.COUNTER, InstrumentType.HISTOGRAM]);
// The upstream OTLPMetricExporterBase's selectors, per OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE
// value (read and checked once, by resolveConfig).
const SELECTORS: Record<MetricTemporality, Selector> = {
  cumulative: () => CUMULATIVE,
  delta: (t) => (DELTA_TYPES.has(t) ? DELTA : CUMULATIVE),
  lowmemory: (t) => (LOW_MEMORY_DELTA.has(t) ? DELTA : CUMULATIVE),
};

const DEFAULT_AGGREGATION: AggregationOption = Object.freeze({ type: AggregationType.DEFAULT });

/** The metrics variant of ProtoHttpExporter: also tells the reader which temporality and aggregation to use. */
export class ProtoMetricExporter extends ProtoHttpExporter<ResourceMetrics> implements PushMetricExporter {
  readonly #temporality: Selector;

  constructor(config: OTLPExporterNodeConfigBase, temporality: MetricTemporality) {
    super(METRICS, config);
    this.#temporality = SELECTORS[temporality];
  }

  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    return this.#temporality(type);
  }

  selectAggregation(): AggregationOption {
    return DEFAULT_AGGREGATION;
  }
}
