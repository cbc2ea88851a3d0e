import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { frozenAttributeHash } from '../../src/sdk/frozen-attribute-hash.js';
import { shareFrozenAttributeHashes } from '../../src/sdk/share-attribute-hashes.js';

const require = createRequire(import.meta.url);
const utils = require(join(dirname(require.resolve('@opentelemetry/sdk-metrics')), 'utils.cjs')) as { hashAttributes: (a: object) => string };

describe('shareFrozenAttributeHashes', () => {
  it('hashes a frozen object once and any other object every time, with the same result as the SDK', () => {
    const original = utils.hashAttributes;
    expect(shareFrozenAttributeHashes()).toBe(true);
    expect(shareFrozenAttributeHashes()).toBe(true);
    const hash = utils.hashAttributes;
    expect(hash).not.toBe(original);
    const frozen = Object.freeze({ b: 2, a: 'x' });
    expect(hash(frozen)).toBe(original({ a: 'x', b: 2 }));
    const mutable: Record<string, unknown> = { a: 'x' };
    expect(hash(mutable)).toBe(original({ a: 'x' }));
    mutable.b = 3;
    expect(hash(mutable)).toBe(original({ a: 'x', b: 3 }));
  });

  it('measurements with a frozen object and an equal plain object land in one series; a mutated plain object in another', async () => {
    shareFrozenAttributeHashes();
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const histogram = provider.getMeter('t').createHistogram('d');
    const shared = Object.freeze({ route: '/a', status: 200 });
    histogram.record(1, shared);
    histogram.record(2, shared);
    const plain: Record<string, string | number> = { status: 200, route: '/a' };
    histogram.record(3, plain);
    plain.status = 500;
    histogram.record(4, plain);
    await reader.forceFlush();
    const points = exporter.getMetrics()[0]!.scopeMetrics[0]!.metrics[0]!.dataPoints as Array<{ attributes: object; value: { count: number; sum: number } }>;
    const byStatus = Object.fromEntries(points.map((p) => [(p.attributes as { status: number }).status, p.value]));
    expect(byStatus[200]).toMatchObject({ count: 3, sum: 6 });
    expect(byStatus[500]).toMatchObject({ count: 1, sum: 4 });
    await provider.shutdown();
  });

  it('wraps a function once: a wrapped hash is returned as it is', () => {
    const original = (a: object): string => JSON.stringify(a);
    const once = frozenAttributeHash(original);
    expect(frozenAttributeHash(once)).toBe(once);
    expect(once(Object.freeze({ a: 1 }))).toBe('{"a":1}');
  });

  it('the preload bundle (dist/preload.cjs) has its sdk-metrics copy hash through frozenAttributeHash', () => {
    // The build patches the bundled sdk-metrics (tsdown.config.mjs) and fails when it cannot; this
    // checks the artifact the preload entries load.
    const bundle = readFileSync(new URL('../../dist/preload.cjs', import.meta.url), 'utf8');
    expect(bundle).toContain('const hashAttributes = frozenAttributeHash(hashAttributesEveryTime);');
    expect(bundle).not.toMatch(/require\("@opentelemetry\/sdk-metrics"\)/);
  });
});
