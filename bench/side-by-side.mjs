// Side by side: every variant's server runs at once on the server core, and the load moves from one
// to the next every few seconds (order reversed each cycle), so a slow stretch of a shared host hits
// them all alike; each slot's CPU µs per request is compared with the baseline's slot of the same
// cycle. For a cost split by one variable at a time (a switch off, another build) where the rounds of
// http-overhead.bench.js, one process per variant and window, are too noisy. Not part of ./run bench.
//   node bench/side-by-side.mjs   BENCH_APP (`hello` | `realistic`, default realistic);
//     BENCH_SIDE_VARIANTS (comma list of serverVariants names, default baseline,sightline);
//     BENCH_SIDE_ENV (more variants, `name:VAR=value+VAR=value;name2:...`, each the `sightline`
//       variant with those variables set, or another one's: `name@compare:...`); BENCH_COMPARE_ENTRY
//       (adds `compare`, another build);
//     BENCH_SLOTS (cycles, 10); BENCH_SLOT_S (seconds per slot, 2); BENCH_WARMUP_S (per server, 4);
//     BENCH_CONNECTIONS (16); BENCH_OUT = JSON path.
// Example: the one pino line's export in the realistic handler, 10% sampled:
//   BENCH_SIDE_VARIANTS=baseline BENCH_SIDE_ENV='s10:OTEL_TRACES_SAMPLER=traceidratio+OTEL_TRACES_SAMPLER_ARG=0.1;s10-no-export:OTEL_TRACES_SAMPLER=traceidratio+OTEL_TRACES_SAMPLER_ARG=0.1+SIGHTLINE_PINO_EXPORT=never' node bench/side-by-side.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { choosePinning, reexecPinned, serverCommand } from '../packages/instrumentation/bench/lib/pinning.js';
import { readCpuMicros } from '../packages/instrumentation/bench/lib/proc-stat.js';
import { runLoad } from '../packages/instrumentation/bench/lib/run-load.js';
import { startChild } from '../packages/instrumentation/bench/lib/start-child.js';
import { median } from '../packages/instrumentation/bench/lib/median.js';
import { cleanEnv, envVariants, fixtures, selectVariants, serverVariants, startSink } from './variants.mjs';

const positive = (name, fallback) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);
const app = process.env.BENCH_APP === 'hello' ? 'hello' : 'realistic';
const slots = positive('BENCH_SLOTS', 10);
const slotS = positive('BENCH_SLOT_S', 2);
const warmupS = positive('BENCH_WARMUP_S', 4);
const connections = positive('BENCH_CONNECTIONS', 16);
const pinning = choosePinning();
reexecPinned(pinning);
if (pinning.reason) console.warn(`side-by-side: not pinned (${pinning.reason}); figures mix the load generator's work in`);

const sink = await startSink();
const servers = [];
try {
  const all = serverVariants(sink.url, app);
  const baseline = all.find((v) => v.name === 'baseline');
  const chosen = selectVariants(all, process.env.BENCH_SIDE_VARIANTS ?? 'baseline,sightline');
  if (process.env.BENCH_COMPARE_ENTRY && !chosen.some((v) => v.name === 'compare')) chosen.push(all.find((v) => v.name === 'compare'));
  const list = [baseline, ...chosen.filter((v) => v !== baseline), ...envVariants('BENCH_SIDE_ENV', all)];
  for (const variant of list) {
    const [command, args] = serverCommand(pinning, [...variant.nodeArgs, join(fixtures, variant.app)]);
    const server = await startChild(command, args, { env: cleanEnv(variant.env), cwd: fixtures });
    servers.push({ variant, server, url: `http://127.0.0.1:${server.port}/`, perSlot: [] });
  }
  for (const s of servers) await runLoad({ url: s.url, connections, durationS: warmupS, recordLatency: false });
  for (let cycle = 0; cycle < slots; cycle++) {
    for (const s of cycle % 2 ? [...servers].reverse() : servers) {
      const before = readCpuMicros(s.server.pid);
      const load = await runLoad({ url: s.url, connections, durationS: slotS, recordLatency: false });
      s.perSlot.push((readCpuMicros(s.server.pid) - before) / Math.max(1, load.ok));
    }
  }
  const base = servers[0].perSlot;
  const rows = servers.map((s) => {
    const added = s.perSlot.map((us, i) => us - base[i]);
    return { variant: s.variant.name, medianUsPerReq: median(s.perSlot), addedUsPerReq: median(added), addedMin: Math.min(...added), addedMax: Math.max(...added), perSlot: s.perSlot };
  });
  const f = (n) => n.toFixed(1);
  console.log(`side-by-side: ${app} handler, ${servers.length} servers on one core, ${slots} cycles of ${slotS} s per server, ${connections} connections`);
  console.log('variant'.padEnd(24) + 'µs/req'.padStart(8) + '  +µs/req (median of slot pairs)  range of slot pairs   slots');
  for (const r of rows) {
    console.log(r.variant.padEnd(24) + f(r.medianUsPerReq).padStart(8) + `  ${r.variant === 'baseline' ? '-' : `+${f(r.addedUsPerReq)}`}`.padEnd(33) +
      `${r.variant === 'baseline' ? '' : `${f(r.addedMin)} .. ${f(r.addedMax)}`}`.padEnd(20) + r.perSlot.map((us) => us.toFixed(0)).join(' '));
  }
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ benchmark: 'side-by-side', app, slots, slotS, warmupS, connections, rows }, null, 2) + '\n');
} finally {
  for (const s of servers) await s.server.stop();
  await sink.stop();
}
