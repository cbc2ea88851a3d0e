import { afterAll, describe, expect, it } from 'vitest';
import { Gateway, startAgent } from './helpers/GatewayTier.ts';
import { newSpanId, newTraceId, postOtlp, tracesRequest, type SpanSpec } from './helpers/otlp-send.ts';
import { waitFor } from './helpers/wait-for.ts';

// kill -9 of one gateway under steady load, restart on the same storage. The agent's persistent queue
// holds the dead gateway's share; the survivor keeps receiving its own. What a kill -9 can take is what
// the killed gateway had accepted but not yet decided (its tail-sampling window, in memory): the test
// counts that and requires every other span to arrive.
const SERVICES = ['orders', 'payments'] as const;
const DECISION_WINDOW_MS = 3000; // decision_wait 2s + batch 200ms in tests, with a margin
const LOAD_MS = 10_000;
const KILL_AT_MS = 3000;
const RESTART_AT_MS = 7000;

type Sent = { traceId: string; spanIds: string[]; sentAt: number };

describe('a gateway killed with -9 under load', () => {
  const gateways: Gateway[] = [];
  let cleanup = async () => {};
  afterAll(() => cleanup());

  it('loses nothing outside the killed gateway\'s decision window; the survivor keeps flowing', async () => {
    for (const name of ['a', 'b']) gateways.push(await Gateway.create(name, { SIGHTLINE_SAMPLING_PERCENT: '100' }));
    const [a, b] = gateways as [Gateway, Gateway];
    const { agent, remove } = await startAgent(gateways);
    cleanup = async () => {
      await agent.stop();
      remove();
      for (const g of gateways) await g.close();
    };

    const sent: Sent[] = [];
    const start = Date.now();
    let killedAt = 0;
    let restartedAt = 0;
    let atSurvivorDuringOutage = 0;
    while (Date.now() - start < LOAD_MS) {
      const elapsed = Date.now() - start;
      if (!killedAt && elapsed >= KILL_AT_MS) {
        await b.process!.kill9();
        killedAt = Date.now();
        atSurvivorDuringOutage = a.tempo.spans().length;
      }
      if (killedAt && !restartedAt && elapsed >= RESTART_AT_MS) {
        atSurvivorDuringOutage = a.tempo.spans().length - atSurvivorDuringOutage;
        await b.start();
        restartedAt = Date.now();
      }
      const group = Array.from({ length: 5 }, () => {
        const traceId = newTraceId();
        const root = newSpanId();
        const spans: Record<string, SpanSpec> = {
          orders: { name: 'POST /orders', traceId, spanId: root },
          payments: { name: 'POST /charge', traceId, spanId: newSpanId(), parentSpanId: root },
        };
        return { traceId, spans };
      });
      for (const service of [...SERVICES].reverse()) {
        await postOtlp(agent.otlpHttpUrl, 'traces', tracesRequest(service, group.map((g) => g.spans[service]!)));
      }
      const sentAt = Date.now();
      for (const g of group) sent.push({ traceId: g.traceId, spanIds: Object.values(g.spans).map((s) => s.spanId!), sentAt });
      await new Promise((r) => setTimeout(r, 50));
    }

    const expected = sent.filter((t) => t.sentAt < killedAt - DECISION_WINDOW_MS || t.sentAt > killedAt);
    const received = () => new Set([...a.tempo.spans(), ...b.tempo.spans()].map((s) => s.spanId));
    await waitFor(`${expected.length * 2} spans outside the window`, () => {
      const ids = received();
      return expected.every((t) => t.spanIds.every((id) => ids.has(id))) ? true : undefined;
    }, 90_000);

    const ids = received();
    const lost = sent.filter((t) => t.spanIds.some((id) => !ids.has(id)));
    const inWindow = lost.filter((t) => t.sentAt >= killedAt - DECISION_WINDOW_MS && t.sentAt <= killedAt);
    const copies = a.tempo.spans().length + b.tempo.spans().length;
    console.log(
      `scale-out restart: ${sent.length * 2} spans sent, ${ids.size} distinct received, ${lost.length * 2} lost ` +
        `(all within the killed gateway's decision window), ${copies - ids.size} duplicate copies; ` +
        `survivor received ${atSurvivorDuringOutage} spans during the ${restartedAt - killedAt} ms outage`,
    );
    expect(lost).toEqual(inWindow);
    expect(atSurvivorDuringOutage).toBeGreaterThan(0);
    // The restarted gateway got the share queued for it while it was down.
    const afterKill = sent.filter((t) => t.sentAt > killedAt && t.sentAt < restartedAt);
    const atB = new Set(b.tempo.spans().map((s) => s.traceId));
    expect(afterKill.some((t) => atB.has(t.traceId))).toBe(true);
  });
});
