// Process start to first response: spawn the server (pinned like the throughput bench), wait for its
// first 200, repeat BENCH_STARTUP_RUNS times per variant alternating the variants, report medians.
// Also the idle RSS right after that first response.
//   node bench/startup.mjs            (BENCH_STARTUP_RUNS, default 15; BENCH_OUT = JSON path;
//   BENCH_COMPARE_ENTRY = another build's register.mjs: adds a `compare` variant, see variants.mjs)
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { median } from '../packages/instrumentation/bench/lib/median.js';
import { choosePinning, reexecPinned, serverCommand } from '../packages/instrumentation/bench/lib/pinning.js';
import { readRssBytes } from '../packages/instrumentation/bench/lib/proc-stat.js';
import { cleanEnv, fixtures, serverVariants, startSink } from './variants.mjs';

const runs = Number(process.env.BENCH_STARTUP_RUNS) > 0 ? Number(process.env.BENCH_STARTUP_RUNS) : 15;
const pinning = choosePinning();
reexecPinned(pinning);

function get(port) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

/** Milliseconds from spawn to the first 200 response, and the RSS then. */
async function once(variant, sinkUrl) {
  const [command, args] = serverCommand(pinning, [...variant.nodeArgs, join(fixtures, variant.app)]);
  const t0 = process.hrtime.bigint();
  const child = spawn(command, args, { env: cleanEnv(variant.env), cwd: fixtures, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      child.once('exit', (code) => reject(new Error(`${variant.name} exited early (${code})`)));
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        out += chunk;
        const match = /listening (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
    });
    const status = await get(port);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (status !== 200) throw new Error(`${variant.name}: first response ${status}`);
    return { ms, rssMiB: readRssBytes(child.pid) / 2 ** 20 };
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
  }
}

const sink = await startSink();
const list = serverVariants(sink.url);
const samples = Object.fromEntries(list.map((v) => [v.name, []]));
try {
  for (let i = 0; i < runs; i++) {
    for (const variant of i % 2 ? [...list].reverse() : list) samples[variant.name].push(await once(variant));
  }
} finally {
  await sink.stop();
}
const base = median(samples.baseline.map((s) => s.ms));
const summary = list.map((v) => ({
  variant: v.name,
  startMs: median(samples[v.name].map((s) => s.ms)),
  addedMs: median(samples[v.name].map((s) => s.ms)) - base,
  rangeMs: [Math.min(...samples[v.name].map((s) => s.ms)), Math.max(...samples[v.name].map((s) => s.ms))],
  firstResponseRssMiB: median(samples[v.name].map((s) => s.rssMiB)),
}));
for (const s of summary) {
  console.log(`${s.variant.padEnd(14)} start->first response ${s.startMs.toFixed(0)} ms (+${s.addedMs.toFixed(0)})  ` +
    `range ${s.rangeMs.map((n) => n.toFixed(0)).join('-')} ms  RSS ${s.firstResponseRssMiB.toFixed(0)} MiB`);
}
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ benchmark: 'startup', runs, summary, samples }, null, 2) + '\n');
