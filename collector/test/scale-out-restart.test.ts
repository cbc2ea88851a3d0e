import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, type CollectorProcess } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { Gateway, startAgent } from './helpers/GatewayTier.ts';
import { newSpanId, newTraceId, postOtlp, tracesRequest, type SpanSpec } from './helpers/otlp-send.ts';
import { waitFor } from './helpers/wait-for.ts';

// kill -9 of gateway b under steady load, restart on the same storage. What a kill -9 can take is what
// b had accepted but not yet decided (its tail-sampling window, in memory): the tests require every other
// span to arrive and print what was lost.
const DECISION_WINDOW_MS = 3000; // decision_wait 2s + batch 200ms in tests, with a margin
const LOAD_MS = 13_000;
const KILL_AT_MS = 3000;
const RESTART_AT_MS = 10_000;
const REROUTED_AFTER_MS = 6500;

type Sent = { traceId: string; spanIds: string[]; sentAt: number };
type Outage = { sent: Sent[]; killedAt: number; restartedAt: number; received: Set<string> };

/** Two-span traces every 50 ms through the agent; b is killed and restarted on schedule. */
async function loadThroughOutage(agent: CollectorProcess, [a, b]: Gateway[], hooks: { killed?: () => void; restarted?: () => void } = {}): Promise<Outage> {
  const sent: Sent[] = [];
  const start = Date.now();
  let killedAt = 0;
  let restartedAt = 0;
  while (Date.now() - start < LOAD_MS) {
    const elapsed = Date.now() - start;
    if (!killedAt && elapsed >= KILL_AT_MS) {
      await b!.process!.kill9();
      killedAt = Date.now();
      hooks.killed?.();
    }
    if (killedAt && !restartedAt && elapsed >= RESTART_AT_MS) {
      await b!.start();
      restartedAt = Date.now();
      hooks.restarted?.();
    }
    const group = Array.from({ length: 5 }, () => {
      const traceId = newTraceId();
      const root = newSpanId();
      const orders: SpanSpec = { name: 'POST /orders', traceId, spanId: root };
      const payments: SpanSpec = { name: 'POST /charge', traceId, spanId: newSpanId(), parentSpanId: root };
      return { traceId, orders, payments };
    });
    await postOtlp(agent.otlpHttpUrl, 'traces', tracesRequest('payments', group.map((g) => g.payments)));
    await postOtlp(agent.otlpHttpUrl, 'traces', tracesRequest('orders', group.map((g) => g.orders)));
    const sentAt = Date.now();
    for (const g of group) sent.push({ traceId: g.traceId, spanIds: [g.orders.spanId!, g.payments.spanId!], sentAt });
    await new Promise((r) => setTimeout(r, 50));
  }
  const outsideWindow = sent.filter((t) => t.sentAt < killedAt - DECISION_WINDOW_MS || t.sentAt > killedAt);
  const receivedIds = () => new Set([...a!.tempo.spans, ...b!.tempo.spans].map((s) => s.spanId));
  const received = await waitFor(`every span sent outside b's decision window`, () => {
    const ids = receivedIds();
    return outsideWindow.every((t) => t.spanIds.every((id) => ids.has(id))) ? ids : undefined;
  }, 90_000);
  return { sent, killedAt, restartedAt, received };
}

function report(label: string, o: Outage, [a, b]: Gateway[]) {
  const lost = o.sent.filter((t) => t.spanIds.some((id) => !o.received.has(id)));
  const copies = a!.tempo.spans.length + b!.tempo.spans.length;
  console.log(
    `${label}: ${o.sent.length * 2} spans sent, ${o.received.size} distinct received, ${lost.length * 2} lost, ` +
      `${copies - o.received.size} duplicate copies; b down for ${o.restartedAt - o.killedAt} ms`,
  );
  return lost;
}

const tiers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const t of tiers.splice(0)) await t.close();
});

async function gatewaysAndAgent() {
  const gateways: Gateway[] = [];
  for (const name of ['a', 'b']) gateways.push(await Gateway.create(name, { SIGHTLINE_SAMPLING_PERCENT: '100' }));
  const { agent, remove } = await startAgent(gateways);
  tiers.push({ close: async () => { await agent.stop(); remove(); for (const g of gateways) await g.close(); } });
  return { agent, gateways };
}

describe('a gateway killed with -9 under load', () => {
  it('static list: its share waits on the agent, the survivor keeps flowing, nothing else is lost', async () => {
    const { agent, gateways } = await gatewaysAndAgent();
    const [a, b] = gateways as [Gateway, Gateway];
    let atSurvivor = 0;
    const o = await loadThroughOutage(agent, gateways, {
      killed: () => (atSurvivor = a.tempo.spans.length),
      restarted: () => (atSurvivor = a.tempo.spans.length - atSurvivor),
    });
    const lost = report('static', o, gateways);
    expect(lost.every((t) => t.sentAt >= o.killedAt - DECISION_WINDOW_MS && t.sentAt <= o.killedAt)).toBe(true);
    expect(atSurvivor).toBeGreaterThan(0);
    // The restarted gateway got the share that waited for it on the agent.
    const atB = new Set(b.tempo.spans.map((s) => s.traceId));
    expect(o.sent.some((t) => t.sentAt > o.killedAt && t.sentAt < o.restartedAt && atB.has(t.traceId))).toBe(true);
  });

  // Kubernetes removes a dead pod from its headless service; here the agent runs in a mount namespace of
  // its own whose /etc/hosts the test rewrites the same way (b out at the kill, back at the restart).
  it('DNS: once b leaves the record, new traces route to the survivor', async () => {
    const hostsDir = tempDir('hosts');
    const hosts = join(hostsDir.path, 'hosts');
    const record = (ips: string[]) => writeFileSync(hosts, ips.map((ip) => `${ip} gateways.sightline.test\n`).join(''));
    record(['127.0.0.2', '127.0.0.3']);
    const wrapper = ['unshare', '--mount', 'sh', '-c', 'mount --bind "$0" /etc/hosts && exec "$1"', hosts];
    const port = await freePort();
    const resolverEnv = { SIGHTLINE_GATEWAY_DNS: 'gateways.sightline.test', SIGHTLINE_GATEWAY_PORT: String(port), SIGHTLINE_GATEWAY_DNS_INTERVAL: '1s' };
    const gateways: Gateway[] = [];
    for (const [ip, name] of [['127.0.0.2', 'a'], ['127.0.0.3', 'b']] as const) {
      gateways.push(await Gateway.create(name, { SIGHTLINE_SAMPLING_PERCENT: '100', SIGHTLINE_OTLP_GRPC_ENDPOINT: `${ip}:${port}` }));
    }
    const { agent, remove } = await startAgent(gateways, { env: resolverEnv, wrapper });
    tiers.push({ close: async () => { await agent.stop(); remove(); for (const g of gateways) await g.close(); hostsDir.remove(); } });
    const [a, b] = gateways as [Gateway, Gateway];

    const o = await loadThroughOutage(agent, gateways, {
      killed: () => record(['127.0.0.2']),
      restarted: () => record(['127.0.0.2', '127.0.0.3']),
    });
    const lost = report('dns', o, gateways);
    // Go re-reads /etc/hosts at most every 5 s and the resolver runs every 1 s: from then until the
    // restart every new trace goes to a alone, none waits for b.
    const atA = new Set(a.tempo.spans.map((s) => s.traceId));
    const rerouted = o.sent.filter((t) => t.sentAt > o.killedAt + REROUTED_AFTER_MS && t.sentAt < o.restartedAt);
    expect(rerouted.length).toBeGreaterThan(0);
    for (const t of rerouted) expect(atA.has(t.traceId), `trace sent ${t.sentAt - o.killedAt} ms after the kill`).toBe(true);
    expect(lost.every((t) => t.sentAt >= o.killedAt - DECISION_WINDOW_MS && t.sentAt <= o.killedAt)).toBe(true);
    expect(b.tempo.spans.length).toBeGreaterThan(0);
  });
});
