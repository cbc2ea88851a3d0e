import { AggregationTemporality, InstrumentType, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpTarget } from '../../src/config/SightlineConfig.js';
import { createMetricExporter, createSpanExporter } from '../../src/sdk/create-exporters.js';

const PREFERENCE = 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE';

function target(protocol: OtlpTarget['protocol']): OtlpTarget {
  const url = protocol === 'grpc' ? 'http://127.0.0.1:4317' : 'http://127.0.0.1:4318/v1/metrics';
  return { kind: 'otlp', source: 'otlp', url, protocol, headers: {}, tls: {}, timeoutMillis: 5000, compression: 'none' } as OtlpTarget;
}

const temporalities = (e: PushMetricExporter): Array<AggregationTemporality | undefined> =>
  [InstrumentType.COUNTER, InstrumentType.HISTOGRAM, InstrumentType.UP_DOWN_COUNTER].map((t) => e.selectAggregationTemporality?.(t));

describe('createMetricExporter', () => {
  afterEach(() => {
    delete process.env[PREFERENCE];
    delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
  });

  // The exporters are built with the OTEL_EXPORTER_OTLP_* variables hidden (so one vendor's headers never
  // reach another); the temporality preference comes from resolveConfig and is passed to each exporter.
  for (const protocol of ['http/protobuf', 'http/json', 'grpc'] as const) {
    it(`${protocol}: the temporality preference given is what the reader is told (not the hidden variable)`, async () => {
      const { DELTA, CUMULATIVE } = AggregationTemporality;
      const built: PushMetricExporter[] = [];
      const make = (temporality?: 'cumulative' | 'delta' | 'lowmemory'): PushMetricExporter => {
        const e = createMetricExporter(target(protocol), temporality);
        built.push(e);
        return e;
      };
      expect(temporalities(make('delta'))).toEqual([DELTA, DELTA, CUMULATIVE]);
      expect(temporalities(make('lowmemory'))).toEqual([DELTA, DELTA, CUMULATIVE]);
      expect(temporalities(make('cumulative'))).toEqual([CUMULATIVE, CUMULATIVE, CUMULATIVE]);
      process.env[PREFERENCE] = 'delta';
      expect(temporalities(make())).toEqual([CUMULATIVE, CUMULATIVE, CUMULATIVE]);
      await Promise.all(built.map((e) => e.shutdown()));
    });
  }

  it('still hides the target variables while an exporter is built, and puts them back', async () => {
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-collector-token=secret';
    process.env[PREFERENCE] = 'delta';
    const exporter = createSpanExporter(target('http/json'));
    expect(process.env.OTEL_EXPORTER_OTLP_HEADERS).toBe('x-collector-token=secret');
    expect(process.env[PREFERENCE]).toBe('delta');
    await exporter.shutdown();
  });
});
