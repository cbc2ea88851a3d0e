// Memory: RSS idle after a warm-up, during sustained load, and for Sightline with the OTLP backend
// down (endpoint on a closed port) under the same load, sampled every second, with the drop lines the
// preload prints on stderr.
//   node bench/memory.mjs     BENCH_MEMORY_LOAD_S (load seconds, default 30; long mode: 600)
//                             BENCH_CONNECTIONS (16); BENCH_OUT = JSON path;
//                             BENCH_MEMORY_VARIANTS (comma list of variant names, default all);
//                             BENCH_COMPARE_ENTRY (adds `compare`, see variants.mjs);
//                             BENCH_MEMORY_ENV (more variants, `name[@base]:VAR=value+VAR=value;...`,
//                             as BENCH_SIDE_ENV in side-by-side.mjs)
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { choosePinning, reexecPinned, serverCommand } from '../packages/instrumentation/bench/lib/pinning.js';
import { readRssBytes } from '../packages/instrumentation/bench/lib/proc-stat.js';
import { runLoad } from '../packages/instrumentation/bench/lib/run-load.js';
import { startChild } from '../packages/instrumentation/bench/lib/start-child.js';
import { cleanEnv, envVariants, fixtures, selectVariants, serverVariants, startSink } from './variants.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const loadS = Number(process.env.BENCH_MEMORY_LOAD_S) > 0 ? Number(process.env.BENCH_MEMORY_LOAD_S) : 30;
const connections = Number(process.env.BENCH_CONNECTIONS) > 0 ? Number(process.env.BENCH_CONNECTIONS) : 16;
const pinning = choosePinning();
reexecPinned(pinning);
const mib = (pid) => readRssBytes(pid) / 2 ** 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function closedPort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The heap as heap-probe.mjs sees it at the end of the load: committed young generation, used after a full GC. */
async function heapProbe(server) {
  const seen = server.stderrLines.length;
  process.kill(server.pid, 'SIGUSR2');
  for (let i = 0; i < 50; i++) {
    const line = server.stderrLines.slice(seen).find((l) => l.startsWith('heap-probe '));
    if (line) return JSON.parse(line.slice('heap-probe '.length));
    await sleep(100);
  }
  return undefined;
}

async function measure(variant) {
  const probe = ['--expose-gc', '--import', join(benchDir, 'heap-probe.mjs')];
  const [command, args] = serverCommand(pinning, [...probe, ...variant.nodeArgs, join(fixtures, variant.app)]);
  const server = await startChild(command, args, { env: cleanEnv(variant.env), cwd: fixtures });
  const url = `http://127.0.0.1:${server.port}/`;
  try {
    const warmup = await runLoad({ url, connections, durationS: 3, recordLatency: false });
    await sleep(2000);
    const idleMiB = mib(server.pid);
    const series = [];
    const sampler = setInterval(() => series.push(Math.round(mib(server.pid))), 1000);
    const load = await runLoad({ url, connections, durationS: loadS, recordLatency: false });
    clearInterval(sampler);
    const endMiB = mib(server.pid);
    const heap = await heapProbe(server);
    return {
      variant: variant.name,
      idleAfterWarmupMiB: idleMiB,
      underLoadEndMiB: endMiB,
      underLoadMaxMiB: Math.max(endMiB, ...series),
      firstSecondsMiB: series[Math.min(4, series.length - 1)],
      growthAfter5sMiB: endMiB - (series[Math.min(4, series.length - 1)] ?? endMiB),
      heap,
      requests: load.ok,
      warmupRequests: warmup.ok,
      series,
      dropLines: server.stderrLines.filter((line) => /drop/i.test(line)).slice(-5),
      // Every request makes one sampled span: with the backend down, spans reported dropped (the
      // preload's periodic stderr summaries, summed) should account for all but the last queue.
      spansReportedDropped: server.stderrLines.reduce((sum, line) => sum + Number(/dropped (\d+) spans/.exec(line)?.[1] ?? 0), 0),
    };
  } finally {
    await server.stop();
  }
}

const sink = await startSink();
const results = [];
try {
  const list = serverVariants(sink.url);
  const down = list.find((v) => v.name === 'sightline');
  list.push({
    ...down,
    name: 'sightline-backend-down',
    env: { ...down.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await closedPort()}` },
  });
  for (const variant of [...selectVariants(list, process.env.BENCH_MEMORY_VARIANTS), ...envVariants('BENCH_MEMORY_ENV', list)]) {
    const r = await measure(variant);
    results.push(r);
    console.log(`${r.variant.padEnd(24)} idle ${r.idleAfterWarmupMiB.toFixed(0)} MiB  under load (${loadS} s) end ` +
      `${r.underLoadEndMiB.toFixed(0)} max ${r.underLoadMaxMiB.toFixed(0)} MiB  growth after 5 s ${r.growthAfter5sMiB.toFixed(0)} MiB` +
      (r.heap ? `\n${' '.repeat(26)}young generation ${r.heap.youngGenerationMiB.toFixed(0)} MiB committed, old space ${r.heap.oldSpaceMiB.toFixed(0)} MiB, heap used after full GC ${r.heap.heapUsedAfterGcMiB.toFixed(1)} MiB` : '') +
      (r.dropLines.length ? `\n${' '.repeat(26)}spans reported dropped ${r.spansReportedDropped} of ${r.warmupRequests + r.requests} requests (warm-up included); last drop line: ${r.dropLines.at(-1)}` : ''));
  }
} finally {
  await sink.stop();
}
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ benchmark: 'memory', loadS, connections, results }, null, 2) + '\n');
