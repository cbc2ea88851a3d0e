import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/figures.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { startReliabilityApp, type ReliabilityApp } from '../support/reliability-app.js';

// Thousands of interleaved requests, each with its own trace id and request id, through a handler that
// awaits a timer, a fetch to a second local server and a pooled socket round trip (as a pg client
// does), logging after each. Any context leak puts one request's ids on another's line or span.
const REQUESTS = 2_000;
const CONCURRENCY = 100;

interface Sent { traceId: string; requestId: string }

function get(agent: Agent, port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('context under concurrency', () => {
  const receiver = new OtlpReceiver();
  let app: ReliabilityApp;
  const sent = new Map<string, Sent>();
  const statuses: number[] = [];

  beforeAll(async () => {
    await receiver.start();
    app = await startReliabilityApp({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_MAX_QUEUE_SIZE: '100000' });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = String(next++);
        const ids = { traceId: randomBytes(16).toString('hex'), requestId: `req-${i}-${randomBytes(4).toString('hex')}` };
        sent.set(i, ids);
        statuses.push(await get(agent, app.port, `/work/${i}`, {
          traceparent: `00-${ids.traceId}-${randomBytes(8).toString('hex')}-01`,
          'x-request-id': ids.requestId,
        }));
      }
    }));
    agent.destroy();
    await receiver.waitFor('every request\'s three spans', () => receiver.spans.length >= 3 * REQUESTS, 60_000);
  }, 120_000);

  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('serves every request', async () => {
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await app.stats()).appErrors).toBe(0);
  });

  it('every log line carries its own request\'s trace id and request id', () => {
    const lines = app.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const work = lines.filter((l) => l.step !== undefined);
    expect(work).toHaveLength(REQUESTS * 4);
    const wrong = work.filter((l) => {
      const want = sent.get(String(l.i))!;
      return l.trace_id !== want.traceId || l.request_id !== want.requestId;
    });
    recordFigures('Context under concurrency', ['requests', 'concurrency', 'log lines checked', 'log lines with another request\'s ids'], [[REQUESTS, CONCURRENCY, work.length, wrong.length]]);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('every server, client and downstream span is in its own request\'s trace', () => {
    const byPath = (prefix: string) => receiver.spans.filter((s) => s.kind === 2 && String(s.attributes['url.path']).startsWith(prefix));
    const servers = byPath('/work/');
    const downstream = byPath('/down/');
    const clients = receiver.spans.filter((s) => s.kind === 3 && String(s.attributes['url.full']).includes('/down/'));
    expect([servers.length, clients.length, downstream.length]).toEqual([REQUESTS, REQUESTS, REQUESTS]);
    const mismatch: string[] = [];
    for (const s of servers) {
      const want = sent.get(String(s.attributes['url.path']).slice('/work/'.length))!;
      if (s.traceId !== want.traceId || s.attributes['request.id'] !== want.requestId) mismatch.push(`server ${s.attributes['url.path']}`);
    }
    for (const s of clients) {
      const want = sent.get(/\/down\/(\d+)/.exec(String(s.attributes['url.full']))![1]!)!;
      if (s.traceId !== want.traceId) mismatch.push(`client ${s.attributes['url.full']}`);
    }
    for (const s of downstream) {
      // The downstream server takes the request id from the baggage the client call carried.
      const want = sent.get(String(s.attributes['url.path']).slice('/down/'.length))!;
      if (s.traceId !== want.traceId || s.attributes['request.id'] !== want.requestId) mismatch.push(`downstream ${s.attributes['url.path']}`);
    }
    expect(mismatch.slice(0, 5)).toEqual([]);
  });

  it('exported log records carry their request\'s trace id', () => {
    const records = receiver.logs.filter((l) => typeof l.body === 'string' && ['work started', 'timer done', 'downstream answered', 'query done'].includes(l.body));
    expect(records.length).toBeGreaterThan(0);
    const wrong = records.filter((l) => {
      const want = [...sent.values()].find((s) => s.requestId === l.attributes['request.id']);
      return want === undefined || l.traceId !== want.traceId;
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
