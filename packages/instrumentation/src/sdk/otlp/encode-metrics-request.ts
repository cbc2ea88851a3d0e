// ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1) from one collection of the
// metrics SDK, field for field what @opentelemetry/otlp-transformer 0.301's
// ProtobufMetricsSerializer writes (which, like the SDK, carries no exemplars).
import { ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality, DataPointType,
  type DataPoint, type ExponentialHistogram, type Histogram, type MetricData, type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ProtoWriter } from './ProtoWriter.js';
import { writeAttributes, writeResource, writeScope, type ScopeLike } from './write-common.js';

function temporality(t: AggregationTemporality): number {
  return t === AggregationTemporality.DELTA ? 1 : t === AggregationTemporality.CUMULATIVE ? 2 : 0;
}

function writeTimes(w: ProtoWriter, p: DataPoint<unknown>): void {
  w.byte(0x11); // 2 start_time_unix_nano fixed64
  w.hrTime(p.startTime);
  w.byte(0x19); // 3 time_unix_nano fixed64
  w.hrTime(p.endTime);
}

function writeNumberPoint(w: ProtoWriter, p: DataPoint<number>, valueType: ValueType | undefined): void {
  w.byte(0x0a); // Gauge/Sum 1 data_points
  const m = w.begin(1);
  writeTimes(w, p);
  if (valueType === ValueType.INT) {
    w.byte(0x31); // 6 as_int sfixed64
    w.sfixed64(p.value);
  } else {
    w.byte(0x21); // 4 as_double
    w.double(p.value);
  }
  if (p.attributes) writeAttributes(w, p.attributes, 0x3a); // 7
  w.end(m);
}

function writeHistogramPoint(w: ProtoWriter, p: DataPoint<Histogram>): void {
  const h = p.value;
  w.byte(0x0a); // Histogram 1 data_points
  const m = w.begin(2);
  writeTimes(w, p);
  w.byte(0x21); // 4 count fixed64
  w.fixed64(h.count);
  if (h.sum !== undefined) {
    w.byte(0x29); // 5 sum
    w.double(h.sum);
  }
  if (h.buckets.counts.length > 0) {
    w.byte(0x32); // 6 bucket_counts, packed fixed64
    w.uint32(h.buckets.counts.length * 8);
    for (const c of h.buckets.counts) w.fixed64(c);
  }
  if (h.buckets.boundaries.length > 0) {
    w.byte(0x3a); // 7 explicit_bounds, packed double
    w.uint32(h.buckets.boundaries.length * 8);
    for (const b of h.buckets.boundaries) w.double(b);
  }
  if (p.attributes) writeAttributes(w, p.attributes, 0x4a); // 9
  if (h.min !== undefined) {
    w.byte(0x59); // 11 min
    w.double(h.min);
  }
  if (h.max !== undefined) {
    w.byte(0x61); // 12 max
    w.double(h.max);
  }
  w.end(m);
}

function writeBuckets(w: ProtoWriter, key: number, offset: number, counts: number[]): void {
  w.byte(key);
  const m = w.begin(1);
  if (offset !== 0) {
    w.byte(0x08); // 1 offset sint32
    w.sint32(offset);
  }
  if (counts.length > 0) {
    w.byte(0x12); // 2 bucket_counts, packed uint64
    const c = w.begin(1);
    for (const n of counts) w.int64(n);
    w.end(c);
  }
  w.end(m);
}

function writeExponentialPoint(w: ProtoWriter, p: DataPoint<ExponentialHistogram>): void {
  const h = p.value;
  w.byte(0x0a); // ExponentialHistogram 1 data_points
  const m = w.begin(2);
  if (p.attributes) writeAttributes(w, p.attributes, 0x0a); // 1
  writeTimes(w, p);
  w.byte(0x21); // 4 count fixed64
  w.fixed64(h.count);
  if (h.sum !== undefined) {
    w.byte(0x29); // 5 sum
    w.double(h.sum);
  }
  if (h.scale !== 0) {
    w.byte(0x30); // 6 scale sint32
    w.sint32(h.scale);
  }
  w.byte(0x39); // 7 zero_count fixed64
  w.fixed64(h.zeroCount);
  writeBuckets(w, 0x42, h.positive.offset, h.positive.bucketCounts); // 8
  writeBuckets(w, 0x4a, h.negative.offset, h.negative.bucketCounts); // 9
  if (h.min !== undefined) {
    w.byte(0x61); // 12 min
    w.double(h.min);
  }
  if (h.max !== undefined) {
    w.byte(0x69); // 13 max
    w.double(h.max);
  }
  w.end(m);
}

function writeTemporality(w: ProtoWriter, t: AggregationTemporality): void {
  const value = temporality(t);
  if (value !== 0) {
    w.byte(0x10); // 2 aggregation_temporality
    w.uint32(value);
  }
}

function writeMetric(w: ProtoWriter, metric: MetricData): void {
  w.byte(0x12); // ScopeMetrics 2 metrics
  const m = w.begin(2);
  const d = metric.descriptor;
  w.byte(0x0a); // 1 name
  w.string(d.name);
  if (d.description) {
    w.byte(0x12); // 2 description
    w.string(d.description);
  }
  if (d.unit) {
    w.byte(0x1a); // 3 unit
    w.string(d.unit);
  }
  switch (metric.dataPointType) {
    case DataPointType.GAUGE: {
      w.byte(0x2a); // 5 gauge
      const g = w.begin(2);
      for (const p of metric.dataPoints) writeNumberPoint(w, p, d.valueType);
      w.end(g);
      break;
    }
    case DataPointType.SUM: {
      w.byte(0x3a); // 7 sum
      const s = w.begin(2);
      for (const p of metric.dataPoints) writeNumberPoint(w, p, d.valueType);
      writeTemporality(w, metric.aggregationTemporality);
      if (metric.isMonotonic) {
        w.byte(0x18); // 3 is_monotonic
        w.byte(1);
      }
      w.end(s);
      break;
    }
    case DataPointType.HISTOGRAM: {
      w.byte(0x4a); // 9 histogram
      const h = w.begin(2);
      for (const p of metric.dataPoints) writeHistogramPoint(w, p);
      writeTemporality(w, metric.aggregationTemporality);
      w.end(h);
      break;
    }
    case DataPointType.EXPONENTIAL_HISTOGRAM: {
      w.byte(0x52); // 10 exponential_histogram
      const e = w.begin(2);
      for (const p of metric.dataPoints) writeExponentialPoint(w, p);
      writeTemporality(w, metric.aggregationTemporality);
      w.end(e);
      break;
    }
    default:
  }
  w.end(m);
}

/** Encodes one collection into `w` (reset first); the caller takes the bytes with `w.finish()`. */
export function encodeMetricsRequest(w: ProtoWriter, metrics: ResourceMetrics): void {
  w.reset();
  w.byte(0x0a); // 1 resource_metrics
  const rm = w.begin(3);
  writeResource(w, metrics.resource.attributes);
  for (const scopeMetrics of metrics.scopeMetrics) {
    const scope = scopeMetrics.scope as ScopeLike;
    w.byte(0x12); // ResourceMetrics 2 scope_metrics
    const sm = w.begin(3);
    writeScope(w, scope);
    for (const metric of scopeMetrics.metrics) writeMetric(w, metric);
    if (scope.schemaUrl) {
      w.byte(0x1a);
      w.string(scope.schemaUrl);
    }
    w.end(sm);
  }
  if (metrics.resource.schemaUrl) {
    w.byte(0x1a);
    w.string(metrics.resource.schemaUrl);
  }
  w.end(rm);
}
