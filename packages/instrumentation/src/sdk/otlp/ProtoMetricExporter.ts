import { diag } from '@opentelemetry/api';
import type { OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base/node-http';
import { AggregationTemporality, AggregationType, InstrumentType, type AggregationOption, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ProtoHttpExporter } from './ProtoHttpExporter.js';
import { METRICS } from './proto-signals.js';

type Selector = (type: InstrumentType) => AggregationTemporality;

const { CUMULATIVE, DELTA } = AggregationTemporality;
const DELTA_TYPES = new Set([InstrumentType.COUNTER, InstrumentType.OBSERVABLE_COUNTER, InstrumentType.GAUGE, InstrumentType.HISTOGRAM, InstrumentType.OBSERVABLE_GAUGE]);
const LOW_MEMORY_DELTA = new Set([InstrumentType.COUNTER, InstrumentType.HISTOGRAM]);
const SELECTORS: Record<string, Selector> = {
  cumulative: () => CUMULATIVE,
  delta: (t) => (DELTA_TYPES.has(t) ? DELTA : CUMULATIVE),
  lowmemory: (t) => (LOW_MEMORY_DELTA.has(t) ? DELTA : CUMULATIVE),
};

/**
 * The temporality choice of the upstream OTLPMetricExporterBase: from the preference given, else (as
 * upstream) from OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE. Sightline passes resolveConfig's
 * value: create-exporters hides the OTEL_EXPORTER_OTLP_* variables while building exporters.
 */
function temporalitySelector(preference: string | undefined): Selector {
  const raw = preference ?? process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE;
  const value = (raw === undefined || raw.trim() === '' ? 'cumulative' : raw).toLowerCase();
  const selector = SELECTORS[value];
  if (selector) return selector;
  diag.warn(`OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE is set to '${value}', but only 'cumulative' and 'delta' are allowed. Using default ('cumulative') instead.`);
  return SELECTORS.cumulative!;
}

const DEFAULT_AGGREGATION: AggregationOption = Object.freeze({ type: AggregationType.DEFAULT });

/** The metrics variant of ProtoHttpExporter: also tells the reader which temporality and aggregation to use. */
export class ProtoMetricExporter extends ProtoHttpExporter<ResourceMetrics> implements PushMetricExporter {
  readonly #temporality: Selector;

  constructor(config: OTLPExporterNodeConfigBase, temporality?: 'cumulative' | 'delta' | 'lowmemory') {
    super(METRICS, config);
    this.#temporality = temporalitySelector(temporality);
  }

  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    return this.#temporality(type);
  }

  selectAggregation(): AggregationOption {
    return DEFAULT_AGGREGATION;
  }
}
