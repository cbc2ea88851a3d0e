import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mb, recordFigures } from '../support/figures.js';
import { headerSpecificValues, hostileValues, MARKER, type HostileValue } from '../support/hostile-corpus.js';
import { checkLogLines } from '../support/log-lines.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { startReliabilityApp, type ReliabilityApp } from '../support/reliability-app.js';

// Hostile propagation and request-id headers, sent as raw bytes over a socket (no client library to
// clean them up) to the app under the preload. Node's own parser rejects some (400/431) before the app
// sees them; everything else must be served normally, with nothing escaping into the app or the logs.
const HEADERS = ['x-request-id', 'traceparent', 'tracestate', 'baggage'];
const ROUNDS = 20;

/** One request over a fresh socket; resolves with the status code (0 when the socket failed). */
function rawRequest(port: number, path: string, header: string, value: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (d) => { response += d.toString('latin1'); });
    socket.on('error', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1] ?? 0)));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1] ?? 0)));
    socket.write(Buffer.concat([
      Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${header}: `, 'latin1'),
      value,
      Buffer.from('\r\n\r\n', 'latin1'),
    ]));
  });
}

// --insecure-http-parser is a real deployment option that lets control bytes through to the app.
describe.each([[[]], [['--insecure-http-parser']]])('hostile x-request-id, traceparent, tracestate and baggage (node %j)', (nodeArgs: string[]) => {
  const receiver = new OtlpReceiver();
  let app: ReliabilityApp;
  const statuses = new Map<string, Map<number, number>>();
  let rssBefore = 0;
  let rssAfter = 0;
  let heapHalf = 0;
  let heapAfter = 0;
  let sent = 0;

  beforeAll(async () => {
    await receiver.start();
    app = await startReliabilityApp({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, nodeArgs);
    for (let i = 0; i < 50; i++) await rawRequest(app.port, `/work/warm${i}`, 'x-request-id', Buffer.from(`warm-${i}`));
    rssBefore = (await app.stats()).rss;
    const corpus: Array<[string, HostileValue]> = HEADERS.flatMap((h) => [...hostileValues(','), ...headerSpecificValues(h)].map((v) => [h, v] as [string, HostileValue]));
    for (let round = 0; round < ROUNDS; round++) {
      if (round === ROUNDS / 2) heapHalf = (await app.stats()).heapUsed;
      // Interleaved: each batch sends every value at once.
      await Promise.all(corpus.map(async ([header, value], i) => {
        // Every third request goes where the app logs all its headers through pino and Sightline's redaction.
        const path = i % 3 === 0 ? `/echo-headers?r=${round}-${i}` : `/work/r${round}-${i}`;
        const status = await rawRequest(app.port, path, header, value.bytes);
        const key = `${header}: ${value.kind}`;
        const byStatus = statuses.get(key) ?? new Map<number, number>();
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        statuses.set(key, byStatus);
        sent++;
      }));
    }
    ({ rss: rssAfter, heapUsed: heapAfter } = await app.stats());
    await receiver.waitFor('the last requests exported', () => receiver.spans.some((s) => String(s.attributes['url.path']).startsWith(`/work/r${ROUNDS - 1}-`)), 15_000);
  }, 240_000);

  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
    recordFigures(`Hostile headers (${sent} raw-socket requests, ${ROUNDS} interleaved rounds, node ${nodeArgs.join(' ') || 'defaults'})`, ['header: value', 'answers (status x count)'], [...statuses].map(([k, v]) => [k.replace(/\|/g, '\\|'), [...v].map(([s, n]) => `${s} x ${n}`).join(', ')]).concat([['RSS growth MB', mb(rssAfter - rssBefore)], ['heap growth, second half of the rounds, MB', mb(heapAfter - heapHalf)]]));
  });

  it('every request is answered: 200, or 400/431 from Node before the app runs', () => {
    const bad = [...statuses].filter(([, byStatus]) => [...byStatus.keys()].some((s) => ![200, 400, 431].includes(s)));
    expect(bad).toEqual([]);
    // Most of the corpus reaches the app (the rest is Node's parser refusing the bytes).
    const served = [...statuses.values()].reduce((n, m) => n + (m.get(200) ?? 0), 0);
    expect(served).toBeGreaterThan(sent / 2);
  });

  it('nothing escapes into the app and memory stays bounded', async () => {
    const { appErrors } = await app.stats();
    expect(appErrors).toBe(0);
    expect(app.child.exitCode).toBeNull();
    // RSS keeps the high-water mark of 90 concurrent requests; the leak check is the heap after GC,
    // which must not keep growing over the second half of the rounds.
    expect(rssAfter - rssBefore).toBeLessThan(192 * 1024 * 1024);
    expect(heapAfter - heapHalf).toBeLessThan(16 * 1024 * 1024);
  });

  it('no log line carries an unescaped value', () => {
    expect(checkLogLines(app.stdout(), app.stderr(), MARKER)).toEqual([]);
  });

  it('exported request ids follow the grammar and spans carry valid ids', () => {
    const served = receiver.spans.filter((s) => s.kind === 2 && String(s.attributes['url.path']).startsWith('/work/r'));
    expect(served.length).toBeGreaterThan(0);
    for (const s of served) {
      expect(String(s.attributes['request.id'])).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.traceId).not.toBe('0'.repeat(32));
    }
    for (const l of receiver.logs) {
      if (l.attributes['request.id'] !== undefined) expect(String(l.attributes['request.id'])).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    }
  });
});
