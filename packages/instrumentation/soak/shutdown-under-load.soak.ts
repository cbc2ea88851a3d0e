import { describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp } from '../test/helpers/app.js';

// SIGTERM at a random moment under steady load, SHUTDOWN_SOAK_RUNS times (default 50), cycling
// through the signal-handling libraries of test/integration/shutdown-libraries.test.ts.
const RUNS = Number(process.env.SHUTDOWN_SOAK_RUNS ?? 50);
const TIMEOUT_MS = 2000;
const CLIENTS = 4;
const LIBRARIES = ['none', 'hand-written', 'signal-exit-v4', 'close-with-grace', 'terminus', 'async-exit-hook', 'signal-exit-v3', 'lightship'];
// Here nothing stops serving before the process ends: it answers requests while the last export is
// on the wire (Node alone would have ended it at the signal), and those spans cannot all be exported.
const SERVE_UNTIL_KILLED = new Set(['none', 'signal-exit-v4', 'signal-exit-v3']);

interface Run { lib: string; answeredBefore: number; lostBefore: number; answeredAfter: number; lostAfter: number; shutdownMs: number; status: number }

async function oneRun(i: number): Promise<Run> {
  const lib = LIBRARIES[i % LIBRARIES.length]!;
  const receiver = await new OtlpReceiver().start();
  const app = await startApp('../shutdown/app.mjs', {
    otlp: receiver.url,
    env: { SHUTDOWN_LIB: lib, OTEL_BSP_SCHEDULE_DELAY: '1000', SIGHTLINE_SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) },
  });
  let signalAt = Infinity;
  const answered: Array<{ path: string; at: number }> = [];
  let stop = false;
  let n = 0;
  const client = async (): Promise<void> => {
    while (!stop) {
      const path = `/run${i}-${n++}`;
      try {
        const res = await app.get(path);
        await res.text();
        if (res.status === 200) answered.push({ path, at: Date.now() });
      } catch {
        if (Date.now() > signalAt) return; // the server is gone
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
  signalAt = Date.now();
  app.child.kill('SIGTERM');
  const exit = await app.exited;
  const shutdownMs = Date.now() - signalAt;
  stop = true;
  await Promise.all(clients);
  await receiver.stop();
  const exported = new Set(receiver.spans.map((s) => s.attributes['url.path']));
  const before = answered.filter((a) => a.at < signalAt);
  const after = answered.filter((a) => a.at >= signalAt);
  return {
    lib, status: exit.status, shutdownMs,
    answeredBefore: before.length, lostBefore: before.filter((a) => !exported.has(a.path)).length,
    answeredAfter: after.length, lostAfter: after.filter((a) => !exported.has(a.path)).length,
  };
}

describe('shutdown under steady load', () => {
  it(`SIGTERM at a random moment, ${RUNS} times: no span ended before the signal lost (nor after it, when the app drains), never past the deadline`, async () => {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun(i));
    const total = (k: keyof Run) => runs.reduce((sum, r) => sum + (r[k] as number), 0);
    console.log([
      `runs=${runs.length} timeout=${TIMEOUT_MS}ms clients=${CLIENTS}`,
      `answered before the signal: ${total('answeredBefore')}, spans lost: ${total('lostBefore')}`,
      `answered after the signal (while draining): ${total('answeredAfter')}, spans lost: ${total('lostAfter')}`,
      `shutdown time: max ${Math.max(...runs.map((r) => r.shutdownMs))} ms, median ${runs.map((r) => r.shutdownMs).sort((a, b) => a - b)[runs.length >> 1]} ms`,
      ...LIBRARIES.map((lib) => {
        const mine = runs.filter((r) => r.lib === lib);
        return `  ${lib.padEnd(17)} runs=${mine.length} lost=${mine.reduce((s, r) => s + r.lostBefore + r.lostAfter, 0)} max=${Math.max(...mine.map((r) => r.shutdownMs))}ms status=${[...new Set(mine.map((r) => r.status))].join('/')}`;
      }),
    ].join('\n'));
    expect(total('lostBefore')).toBe(0);
    expect(runs.filter((r) => !SERVE_UNTIL_KILLED.has(r.lib)).reduce((sum, r) => sum + r.lostAfter, 0)).toBe(0);
    // Sightline's part is bounded by the timeout; one second of slack for process start-up noise.
    expect(Math.max(...runs.map((r) => r.shutdownMs))).toBeLessThan(TIMEOUT_MS + 1000);
  });
});
