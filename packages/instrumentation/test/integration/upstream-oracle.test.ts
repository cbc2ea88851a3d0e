import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver, type ReceivedMetric, type ReceivedSpan } from '@sightline/tests/otlp-receiver';
import { startNode } from '@sightline/tests/process';
import { FIXTURES, PACKAGE_ROOT } from '../helpers/app.js';

// Sightline replaces @opentelemetry/sdk-node and @opentelemetry/instrumentation-http; the upstream
// pair is the oracle for what the same requests must produce (stable HTTP semantic conventions).
interface Run { spans: ReceivedSpan[]; metrics: ReceivedMetric[]; receiverPort: number }

/**
 * Where Sightline deliberately differs from upstream (also listed in the package README):
 * - `request.id` on server spans: Sightline's request id, shared with the logs.
 * - no `url.query`, and no query string in the client's `url.full`: query strings carry tokens and
 *   personal data, and Sightline records nothing it would have to redact afterwards.
 * - no `network.peer.address`/`network.peer.port` (opt-in in the conventions; `client.address` and
 *   `server.address` say the same for direct connections) and no `network.protocol.version` on
 *   client spans: fewer attributes per request on the hot path.
 * - `error.type` of a failed connection is the Node error code (`ECONNREFUSED`), not the class name
 *   `Error`: the conventions ask for the most specific low-cardinality identifier available.
 * - no `network.protocol.version` on the duration metrics' points: nearly always `1.1` for a Node
 *   service, and every attribute there multiplies the series a backend stores.
 * - upstream's http.client.request.duration also counts the SDK's own OTLP export requests (their
 *   spans are suppressed, their metrics are not); Sightline never measures its own exports.
 */
const ONLY_SIGHTLINE: Record<string, string[]> = { server: ['request.id'], client: [], internal: [] };
const ONLY_UPSTREAM: Record<string, string[]> = {
  internal: [],
  server: ['network.peer.address', 'network.peer.port', 'url.query'],
  client: ['network.peer.address', 'network.peer.port', 'network.protocol.version'],
};
const ONLY_UPSTREAM_METRICS = ['network.protocol.version'];
const VALUE_DIFFERS: Record<string, [upstream: unknown, sightline: unknown]> = {
  'url.full': ['http://127.0.0.1:<port>/hello?q=1', 'http://127.0.0.1:<port>/hello'],
  'error.type': ['Error', 'ECONNREFUSED'],
};
// Sightline adds runtime metrics (instrumentation-runtime-node), the SDK's own queue metrics and the
// service-graph edges of @sightline/processors.
const EXTRA_METRICS = /^(nodejs\.|v8js\.|otel\.sdk\.|traces\.service\.graph\.)/;

const side = (s: ReceivedSpan): string => (s.kind === 2 ? 'server' : s.kind === 3 ? 'client' : 'internal');
const key = (s: ReceivedSpan): string => `${side(s)} ${s.name} ${String(s.attributes['url.path'] ?? s.attributes['url.full']).replace(/:\d+/, ':<port>').replace(/\?.*/, '')}`;

/** Attributes with run-specific values (ports, ids) replaced by placeholders. */
function normalize(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (k.endsWith('.port') || k === 'request.id') out[k] = typeof v;
    else if (k === 'url.full' || k === 'status.message') out[k] = String(v).replace(/:\d+/, ':<port>');
    else out[k] = v;
  }
  return out;
}

async function run(preload: string): Promise<Run> {
  const receiver = await new OtlpReceiver().start();
  const app = startNode(['--require', preload === 'sightline' ? '@sightline/instrumentation' : FIXTURES + 'upstream-sdk.cjs', FIXTURES + 'oracle-server.cjs'], {
    cwd: PACKAGE_ROOT,
    env: {
      CLOSED_PORT: String(await freePort()), OTEL_SEMCONV_STABILITY_OPT_IN: 'http', OTEL_SERVICE_NAME: 'oracle',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_METRIC_EXPORT_INTERVAL: '300',
    },
  });
  try {
    const port = Number((await app.waitForOutput(/listening (\d+)/))[1]);
    expect((await fetch(`http://127.0.0.1:${port}/run`)).status).toBe(200);
    await receiver.waitFor('3 server, 3 client and 1 internal spans', () => [[2, 3], [3, 3], [1, 1]].every(([kind, n]) => receiver.spans.filter((s) => s.kind === kind).length >= n!));
    await receiver.waitFor('both duration metrics', () => ['server', 'client'].every((side) => receiver.metrics.some((m) => m.name === `http.${side}.request.duration`)));
    // A few more export rounds, so that metrics about the exports themselves would show up if recorded.
    const exports = receiver.requests.length;
    await receiver.waitFor('three more metric exports', () => receiver.requests.slice(exports).filter((r) => r.signal === 'metrics').length >= 3);
    return { spans: [...receiver.spans], metrics: [...receiver.metrics], receiverPort: receiver.port };
  } finally {
    app.child.kill('SIGKILL');
    await receiver.stop();
  }
}

describe('the same requests under Sightline and under upstream sdk-node + instrumentation-http', () => {
  let ours: Run;
  let upstream: Run;
  beforeAll(async () => {
    ours = await run('sightline');
    upstream = await run('upstream');
  }, 60_000);

  it('keep and drop the same attribute values of an API span (every value kind, valid and not)', () => {
    const checks = (r: Run) => r.spans.find((s) => s.name === 'attribute checks')!.attributes;
    expect(checks(ours)).toEqual(checks(upstream));
    expect(Object.keys(checks(ours)).sort()).toEqual(['arr', 'b', 'bytes', 'empty', 'holes', 'i', 'later.arr', 'later.nested', 'later.s', 'mixed', 'n', 'nested', 'nul', 's']);
    const keys = (r: Run) => r.spans.find((s) => s.name === 'attribute keys')!.attributes;
    expect(keys(ours)).toEqual(keys(upstream));
    expect(keys(ours)).toEqual({ 2: 'two', 10: 'ten', z: 1, a: 2 });
  });

  it('produce the same spans: names, kinds, statuses and stable-semconv attributes, but for the listed differences', () => {
    expect(ours.spans.map(key).sort()).toEqual(upstream.spans.map(key).sort());
    for (const theirs of upstream.spans) {
      const mine = ours.spans.find((s) => key(s) === key(theirs))!;
      expect(mine.status.code, key(theirs)).toBe(theirs.status.code);
      const expected = normalize(theirs.attributes);
      for (const k of ONLY_UPSTREAM[side(theirs)]!) delete expected[k];
      const actual = normalize(mine.attributes);
      for (const k of ONLY_SIGHTLINE[side(theirs)]!) {
        expect(actual[k], `${key(theirs)} ${k}`).toBeDefined();
        delete actual[k];
      }
      for (const [k, [up, sl]] of Object.entries(VALUE_DIFFERS)) {
        if (expected[k] === up && actual[k] === sl) expected[k] = sl;
      }
      expect(actual, key(theirs)).toEqual(expected);
    }
  });

  it('lists no difference that no longer exists', () => {
    const server = upstream.spans.filter((s) => s.kind === 2);
    const client = upstream.spans.filter((s) => s.kind === 3);
    for (const k of ONLY_UPSTREAM.server!) expect(server.some((s) => k in s.attributes), k).toBe(true);
    for (const k of ONLY_UPSTREAM.client!) expect(client.some((s) => k in s.attributes), k).toBe(true);
    for (const [k, [up, sl]] of Object.entries(VALUE_DIFFERS)) {
      expect(upstream.spans.some((s) => normalize(s.attributes)[k] === up), k).toBe(true);
      expect(ours.spans.some((s) => normalize(s.attributes)[k] === sl), k).toBe(true);
    }
  });

  it('record the same HTTP metrics with the same attribute sets', () => {
    const names = (r: Run): string[] => [...new Set(r.metrics.map((m) => m.name))].filter((n) => !EXTRA_METRICS.test(n)).sort();
    expect(names(ours)).toEqual(['http.client.request.duration', 'http.server.request.duration']);
    expect(names(ours)).toEqual(names(upstream));
    const points = (r: Run, name: string) => r.metrics.filter((m) => m.name === name).flatMap((m) => m.points);
    const isExport = (r: Run) => (p: { attributes: Record<string, unknown> }): boolean => p.attributes['server.port'] === r.receiverPort;
    expect(points(upstream, 'http.client.request.duration').some(isExport(upstream))).toBe(true);
    expect(points(ours, 'http.client.request.duration').some(isExport(ours))).toBe(false);
    for (const name of names(upstream)) {
      const up = upstream.metrics.find((m) => m.name === name)!;
      expect(ours.metrics.find((m) => m.name === name)!.unit, name).toBe(up.unit);
      const shapes = (r: Run, drop: string[]): string[] => [...new Set(points(r, name).filter((p) => !isExport(r)(p)).map((p) => {
        const a = normalize(p.attributes);
        for (const k of drop) delete a[k];
        for (const [k, [u, sl]] of Object.entries(VALUE_DIFFERS)) if (a[k] === u) a[k] = sl;
        return JSON.stringify(Object.fromEntries(Object.entries(a).sort()));
      }))].sort();
      expect(shapes(ours, []), name).toEqual(shapes(upstream, ONLY_UPSTREAM_METRICS));
      for (const k of ONLY_UPSTREAM_METRICS) expect(points(upstream, name).some((p) => k in p.attributes), `${name} ${k}`).toBe(true);
    }
  });
});
