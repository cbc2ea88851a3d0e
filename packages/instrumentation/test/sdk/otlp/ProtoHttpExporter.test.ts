import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpTarget } from '../../../src/config/SightlineConfig.js';
import { createSpanExporter } from '../../../src/sdk/create-exporters.js';
import { ProtoHttpExporter } from '../../../src/sdk/otlp/ProtoHttpExporter.js';
import { TRACES } from '../../../src/sdk/otlp/proto-signals.js';
import { sdkSpans } from './trace-corpus.js';

const receivers: OtlpReceiver[] = [];
async function receiver(options: ConstructorParameters<typeof OtlpReceiver>[0] = {}): Promise<OtlpReceiver> {
  const r = await new OtlpReceiver(options).start();
  receivers.push(r);
  return r;
}
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
});

function target(url: string, over: Partial<OtlpTarget> = {}): OtlpTarget {
  return { kind: 'otlp', source: 'otlp', url: `${url}/v1/traces`, protocol: 'http/protobuf', headers: { 'x-team': 'orders' }, tls: {}, timeoutMillis: 5000, compression: 'none', ...over } as OtlpTarget;
}

function exportOnce(exporter: { export(s: ReadableSpan[], cb: (r: ExportResult) => void): void }, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('ProtoHttpExporter', () => {
  it('sends what the upstream http/protobuf exporter sends: same body, path, content type, user agent, headers', async () => {
    const spans = sdkSpans();
    const [theirs, ours] = [await receiver(), await receiver()];
    const upstream = new OTLPTraceExporter({ url: `${theirs.url}/v1/traces`, headers: { 'x-team': 'orders' } });
    const mine = createSpanExporter(target(ours.url, { compression: 'gzip' }));
    expect((await exportOnce(upstream, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(mine, spans)).code).toBe(ExportResultCode.SUCCESS);
    await Promise.all([upstream.shutdown(), mine.shutdown()]);
    const [a, b] = [theirs.requests, ours.requests];
    expect(b).toHaveLength(1);
    expect(b[0]!.path).toBe(a[0]!.path);
    expect(b[0]!.body).toEqual(a[0]!.body);
    for (const h of ['content-type', 'user-agent', 'x-team']) expect(b[0]!.headers[h], h).toBe(a[0]!.headers[h]);
    expect(b[0]!.headers['content-encoding']).toBe('gzip');
    expect(ours.spans.length).toBe(spans.length);
  });

  it('encodes on the next turn of the event loop, not inside export(); flush and shutdown wait for it', async () => {
    const r = await receiver();
    let encoded = 0;
    const exporter = new ProtoHttpExporter({ ...TRACES, encode: (w, s) => { encoded++; TRACES.encode(w, s); } }, { url: `${r.url}/v1/traces` });
    const results: ExportResult[] = [];
    exporter.export(sdkSpans().slice(0, 10), (res) => results.push(res));
    expect(encoded).toBe(0);
    await exporter.forceFlush();
    expect(encoded).toBe(1);
    expect(results.map((x) => x.code)).toEqual([ExportResultCode.SUCCESS]);
    expect(r.spans).toHaveLength(10);

    exporter.export(sdkSpans().slice(0, 3), (res) => results.push(res));
    await exporter.shutdown();
    expect(r.spans).toHaveLength(13);
    expect(results).toHaveLength(2);
  });

  it('retries a 503 and reports a failure the counting wrapper can count', async () => {
    const r = await receiver({ status: 503, retryAfterSeconds: 0 });
    const exporter = createSpanExporter(target(r.url, { timeoutMillis: 1500 }));
    const result = await exportOnce(exporter, sdkSpans().slice(0, 2));
    await exporter.shutdown();
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(r.faulted).toBeGreaterThan(1);
  });
});
