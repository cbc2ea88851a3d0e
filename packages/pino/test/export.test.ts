import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { runFixture } from './helpers/run-fixture.js';

describe('OTLP export', () => {
  const receiver = new OtlpReceiver();
  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(() => receiver.stop());

  it('lines of a logger whose pino transport ships to OTLP are not exported a second time', async () => {
    const run = await runFixture('transport-app.mjs', {
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.url}/v1/logs`,
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
    });
    const bodies = (xs: Array<{ body?: unknown }>) => xs.map((x) => x.body).sort();
    // Sightline exported only the stdout logger's line ...
    expect(bodies(run.logs)).toEqual(['exported by sightline']);
    // ... and the transports shipped theirs, each exactly once, with the trace context Sightline added
    expect(bodies(receiver.logs)).toEqual(['shipped by multistream transport', 'shipped by transport']);
    const traceId = run.logs[0]?.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const record of receiver.logs) expect(record.traceId).toBe(traceId);
  });

  it('SIGHTLINE_PINO_EXPORT=false exports nothing and still correlates', async () => {
    const run = await runFixture('node-app.mjs', { SIGHTLINE_PINO_EXPORT: 'false' });
    expect(run.logs).toHaveLength(0);
    expect(run.lines.filter((l) => typeof l['trace_id'] === 'string').length).toBeGreaterThan(0);
  });

  it('SIGHTLINE_PINO_EXPORT=always exports transport loggers too', async () => {
    const run = await runFixture('transport-app.mjs', {
      SIGHTLINE_PINO_EXPORT: 'always',
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.url}/v1/logs`,
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
    });
    expect(run.logs.map((r) => r.body).sort()).toEqual(['exported by sightline', 'shipped by multistream transport', 'shipped by transport']);
  });
});
