// Per-request overhead of the preload on a node:http hello world.
//
//   node bench/http-overhead.bench.js        (from packages/instrumentation; `pnpm bench`)
//
// Each round starts every variant's server in turn (order rotated per round), warms it up, then
// loads it for a fixed time with autocannon. The server is pinned to one core, autocannon and the
// OTLP sink to the other. Reported per variant: median over rounds of req/s, server process CPU per
// request (/proc utime+stime over the measured window), p50/p99 latency and RSS at the end; ratios
// and deltas are taken against the uninstrumented baseline of the same round. Results go to stdout
// and bench/results/latest.json. Not a test: nothing here asserts on timing.
//
// Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION_S (5), BENCH_WARMUP_S (2),
// BENCH_CONNECTIONS (16), BENCH_VARIANTS (comma list of names; both apps have `burn-20us` and the hello app also `burn-3us`,
// the uninstrumented server plus a 20 or 3 µs busy loop per request, to calibrate what a
// known cost shows as, and `floor`, the plumbing of a channel-based tracer without spans:
// fixtures/floor-preload.cjs), BENCH_SIGNALS (`all`: traces, metrics and logs exported with SDK
// defaults; `traces`: OTEL_METRICS_EXPORTER=none and OTEL_LOGS_EXPORTER=none), BENCH_APP (`hello` | `realistic`), BENCH_FORMAT (`esm` | `cjs`),
// BENCH_RATE (requests per second for all connections together, autocannon's `overallRate`: each
// connection sends its share of the quota as fast as the server answers, then waits for the next
// second, so the load is bursty; `x base` is ~1 and `+µs/req` is the figure), BENCH_OUT (JSON path), BENCH_COMPARE_ENTRY (another build's register.mjs|cjs: adds `compare` and
// `compare-10%` variants for a before/after in one run), BENCH_CPU_PROF=1 (write a .cpuprofile per server to
// bench/results/profiles/, git-ignored, with that run's JSON; distorts the numbers, use for
// attribution only, with bench/summarize-cpuprofile.js).
//
// The machine is shared: a run during which other processes (or the hypervisor: steal) used more
// than FOREIGN_LIMIT_PCT of either core is measured again (at most MAX_RETRIES times), and each run
// first waits for both cores to go quiet; both stop after PATIENCE_MS so that a busy machine cannot
// stretch the run forever.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from './lib/format-table.js';
import { median } from './lib/median.js';
import { choosePinning, reexecPinned, serverCommand } from './lib/pinning.js';
import { cpuShares, readCpuMicros, readCpuTimes, readExe, readRssBytes } from './lib/proc-stat.js';
import { runLoad } from './lib/run-load.js';
import { cleanEnv } from './lib/clean-env.js';
import { startChild } from './lib/start-child.js';
import { startSink } from './lib/start-sink.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const resultsDir = join(here, 'results');

const intFromEnv = (name, fallback) => {
  const value = Number(process.env[name]);
  return process.env[name]?.trim() && Number.isFinite(value) && value > 0 ? value : fallback;
};
const settings = {
  rounds: intFromEnv('BENCH_ROUNDS', 3),
  durationS: intFromEnv('BENCH_DURATION_S', 5),
  warmupS: intFromEnv('BENCH_WARMUP_S', 2),
  connections: intFromEnv('BENCH_CONNECTIONS', 16),
  signals: process.env.BENCH_SIGNALS === 'traces' ? 'traces' : 'all',
  cpuProf: process.env.BENCH_CPU_PROF === '1',
  app: process.env.BENCH_APP === 'realistic' ? 'realistic' : 'hello',
  format: process.env.BENCH_FORMAT === 'cjs' ? 'cjs' : 'esm',
  out: process.env.BENCH_OUT || undefined,
  rate: intFromEnv('BENCH_RATE', 0) || undefined,
};
const appFile = (format) => `${settings.app}-server.${format === 'cjs' ? 'cjs' : 'mjs'}`;

const FOREIGN_LIMIT_PCT = 10; // others' CPU share on either core above which a run is redone
const MAX_RETRIES = 2;
const PATIENCE_MS = 150_000; // after this much wall time, no more waiting or redoing: finish
const startedAt = Date.now();
const patient = () => Date.now() - startedAt < PATIENCE_MS;

const pinning = choosePinning();
reexecPinned(pinning);

// ---- variants --------------------------------------------------------------------------------

function variants(sinkUrl) {
  const otlp = {
    OTEL_SERVICE_NAME: 'bench-hello',
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: settings.signals === 'all' ? 'otlp' : 'none',
    OTEL_LOGS_EXPORTER: settings.signals === 'all' ? 'otlp' : 'none',
  };
  // ESM apps get the preload with --import, CommonJS apps with --require (register.cjs).
  const cjs = settings.format === 'cjs';
  const flag = cjs ? '--require' : '--import';
  const sightline = cjs
    ? createRequire(import.meta.url).resolve('@sightline/instrumentation')
    : import.meta.resolve('@sightline/instrumentation');
  const app = appFile(settings.format);
  const list = [
    { name: 'baseline', description: 'uninstrumented', nodeArgs: [], env: {}, app },
    {
      name: 'sightline',
      description: `${flag} @sightline/instrumentation, 100% sampled`,
      nodeArgs: [flag, sightline],
      env: otlp,
      app,
    },
    {
      name: 'sightline-traces',
      description: `${flag} @sightline/instrumentation, traces only (metrics and logs exporters none), 100% sampled`,
      nodeArgs: [flag, sightline],
      env: { ...otlp, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
      app,
    },
    {
      name: 'sightline-10%',
      description: `${flag} @sightline/instrumentation, traceidratio 0.1`,
      nodeArgs: [flag, sightline],
      env: { ...otlp, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
      app,
    },
  ];
  // Calibration: what a fixed, known per-request cost does to the figures on this machine and harness
  // (on a saturated loopback benchmark the added CPU per request comes out larger than the cost itself:
  // a slower server wakes an idler load generator more often, and the server pays for the wake-ups).
  // The realistic handler gets the 20 µs one too: the same known cost, read against a slower baseline.
  if (settings.app === 'hello') list.push({ name: 'burn-3us', description: 'uninstrumented, plus a 3 µs busy loop per request (calibration)', nodeArgs: [], env: { BENCH_BURN_US: '3' }, app });
  list.push({ name: 'burn-20us', description: 'uninstrumented, plus a 20 µs busy loop per request (calibration)', nodeArgs: [], env: { BENCH_BURN_US: '20' }, app });
  if (settings.app === 'hello') {
    list.push({
      name: 'floor',
      description: 'uninstrumented, plus fixtures/floor-preload.cjs: channels, enterWith, x-request-id, state on the response; no span (calibration)',
      nodeArgs: [flag, join(here, 'fixtures', 'floor-preload.cjs')],
      env: {},
      app,
    });
  }
  // Before/after in one run: another build of the preload (e.g. a copy of dist/ from before a change).
  const compare = process.env.BENCH_COMPARE_ENTRY;
  if (compare) {
    list.push(
      { name: 'compare', description: `${flag} ${compare}, 100% sampled`, nodeArgs: [flag, compare], env: otlp, app },
      {
        name: 'compare-10%',
        description: `${flag} ${compare}, traceidratio 0.1`,
        nodeArgs: [flag, compare],
        env: { ...otlp, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
        app,
      },
    );
  }
  try {
    const upstream = createRequire(import.meta.url).resolve('@opentelemetry/auto-instrumentations-node/register');
    const { version } = JSON.parse(readFileSync(join(dirname(upstream), '..', 'package.json'), 'utf8'));
    list.push({
      name: 'upstream-auto',
      description: `--require @opentelemetry/auto-instrumentations-node/register ${version} (CommonJS app), 100% sampled`,
      nodeArgs: ['--require', upstream],
      // Cloud detectors would probe metadata endpoints at startup; keep the local ones.
      env: { ...otlp, OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process' },
      app: appFile('cjs'),
    });
  } catch {
    console.log('note: @opentelemetry/auto-instrumentations-node not installed, upstream-auto skipped');
  }
  const wanted = process.env.BENCH_VARIANTS?.split(',').map((s) => s.trim()).filter(Boolean);
  return wanted ? list.filter((v) => v.name === 'baseline' || wanted.includes(v.name)) : list;
}

// ---- one measurement -------------------------------------------------------------------------

async function sinkStats(sinkUrl) {
  const res = await fetch(`${sinkUrl}/stats`);
  return res.json();
}

function sinkDelta(before, after, path) {
  const a = after[path] ?? { requests: 0, bytes: 0, items: 0 };
  const b = before[path] ?? { requests: 0, bytes: 0, items: 0 };
  return { requests: a.requests - b.requests, bytes: a.bytes - b.bytes, items: a.items - b.items };
}

/** Waits (up to `maxMs`) until neither of our cores is busier than the limit with other work. */
async function waitForQuiet(maxMs = 30_000) {
  if (pinning.reason) return 0;
  const started = Date.now();
  for (;;) {
    const before = readCpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = readCpuTimes();
    const busy = Math.max(
      cpuShares(before, after, pinning.serverCpu).busyPct,
      cpuShares(before, after, pinning.loadCpu).busyPct,
    );
    if (busy <= FOREIGN_LIMIT_PCT || Date.now() - started > maxMs) return Date.now() - started;
  }
}

async function measure(variant, sinkUrl, sinkPid, round) {
  const profArgs = settings.cpuProf
    ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles')}`, `--cpu-prof-name=${variant.name}-r${round}.cpuprofile`]
    : [];
  const [command, args] = serverCommand(pinning, [...profArgs, ...variant.nodeArgs, join(fixtures, variant.app)]);
  const server = await startChild(command, args, { env: cleanEnv(variant.env), cwd: fixtures });
  const url = `http://127.0.0.1:${server.port}/`;
  try {
    if (readExe(server.pid) !== realpathSync(process.execPath)) throw new Error(`pid ${server.pid} is not node`);
    await runLoad({ url, connections: settings.connections, durationS: settings.warmupS, recordLatency: false, rate: settings.rate });
    const sink0 = await sinkStats(sinkUrl);
    const cpu0 = readCpuMicros(server.pid);
    const loadCpu0 = process.cpuUsage();
    const sinkCpu0 = readCpuMicros(sinkPid);
    const machine0 = readCpuTimes();
    const t0 = process.hrtime.bigint();
    const load = await runLoad({ url, connections: settings.connections, durationS: settings.durationS, rate: settings.rate });
    const cpu1 = readCpuMicros(server.pid);
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const loadCpu = process.cpuUsage(loadCpu0);
    const sinkCpuUs = readCpuMicros(sinkPid) - sinkCpu0;
    const machine1 = readCpuTimes();
    const rssBytes = readRssBytes(server.pid);
    const sink1 = await sinkStats(sinkUrl);
    const requests = load.ok;
    const cpuUs = cpu1 - cpu0;
    const run = {
      round,
      requests,
      non2xx: load.notOk,
      errors: load.errors,
      wallS,
      reqPerS: requests / wallS,
      cpuUsPerReq: cpuUs / requests,
      serverCoreUtil: cpuUs / 1e6 / wallS,
      loadCoreUtil: (loadCpu.user + loadCpu.system + sinkCpuUs) / 1e6 / wallS,
      sinkCoreUtil: sinkCpuUs / 1e6 / wallS,
      // Whole-CPU view from /proc/stat: busy covers our processes and anyone else's.
      serverCpu: pinning.reason ? undefined : cpuShares(machine0, machine1, pinning.serverCpu),
      loadCpu: pinning.reason ? undefined : cpuShares(machine0, machine1, pinning.loadCpu),
      foreignPct: undefined,
      p50Ms: load.p50Ms,
      p99Ms: load.p99Ms,
      maxMs: load.maxMs,
      rssMiB: rssBytes / 2 ** 20,
      exportedInWindow: {
        traces: sinkDelta(sink0, sink1, '/v1/traces'),
        metrics: sinkDelta(sink0, sink1, '/v1/metrics'),
        logs: sinkDelta(sink0, sink1, '/v1/logs'),
      },
      startupLine: server.stderrLines.find((line) => line.startsWith('sightline:')),
      stderr: server.stderrLines.filter((line) => !line.startsWith('sightline:')).slice(0, 5),
    };
    // Other processes on our cores (a test suite running next to us): busy minus what we used, plus
    // the time the hypervisor gave our virtual CPU to another machine (steal), which slows a window
    // just as much and is invisible to the process's own accounting.
    if (run.serverCpu && run.loadCpu) {
      run.foreignPct = Math.max(
        run.serverCpu.busyPct - run.serverCoreUtil * 100 + run.serverCpu.stealPct,
        run.loadCpu.busyPct - run.loadCoreUtil * 100 + run.loadCpu.stealPct,
      );
    }
    return run;
  } finally {
    await server.stop();
  }
}

// ---- main ------------------------------------------------------------------------------------

// On a shared VM, rounds where the hypervisor ran another machine on our core cost 30-50% more CPU
// per request even after steal is taken out: the summary also gives the medians over quiet rounds.
const QUIET_STEAL_PCT = 2;
const quiet = (run) => (run.serverCpu?.stealPct ?? Infinity) <= QUIET_STEAL_PCT;

function quietRounds(runsOfVariant, baseRuns) {
  const pairs = runsOfVariant.map((run, i) => [run, baseRuns[i]]).filter(([run, b]) => quiet(run) && quiet(b));
  return {
    rounds: pairs.length,
    ratioToBaseline: median(pairs.map(([run, b]) => run.reqPerS / b.reqPerS)),
    cpuUsPerReq: median(pairs.map(([run]) => run.cpuUsPerReq)),
    addedCpuUsPerReq: median(pairs.map(([run, b]) => run.cpuUsPerReq - b.cpuUsPerReq)),
  };
}

const fmt = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

async function main() {
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: pinning.allowed?.length ?? os.availableParallelism(),
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    pinning: pinning.reason
      ? `none (${pinning.reason})`
      : `server on CPU ${pinning.serverCpu}, autocannon + OTLP sink on CPU ${pinning.loadCpu}`,
  };
  if (pinning.reason) console.log(`WARNING: running unpinned: ${pinning.reason}; numbers will be noisy`);

  const sink = await startSink();
  const sinkUrl = sink.url;
  const list = variants(sinkUrl);
  const signalsNote =
    settings.signals === 'all'
      ? 'traces, metrics and logs exported over OTLP http/protobuf to a discard sink, SDK defaults (BSP 5 s / 512 spans, metric interval 60 s)'
      : 'traces only over OTLP http/protobuf to a discard sink (OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none)';

  console.log(`http-overhead: node:http ${settings.app === 'hello' ? 'hello world' : 'realistic handler (downstream call, pino line, JSON body)'} (${settings.format}), ${list.length} variants x ${settings.rounds} rounds, ` +
    `${settings.warmupS} s warm-up + ${settings.durationS} s measured, ${settings.connections} keep-alive connections` +
    (settings.rate ? `, fixed rate ${settings.rate} req/s` : ''));
  console.log(`machine: ${machine.cpu}, ${machine.cpus} CPUs, ${machine.memGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}`);
  console.log(`pinning: ${machine.pinning}`);
  console.log(`telemetry: ${signalsNote}`);
  for (const v of list) console.log(`  ${v.name.padEnd(16)} ${v.description}`);
  console.log();

  const runs = Object.fromEntries(list.map((v) => [v.name, []]));
  try {
    for (let round = 1; round <= settings.rounds; round++) {
      const order = list.map((_, i) => list[(i + round - 1) % list.length]);
      for (const variant of order) {
        let run;
        for (let attempt = 1; ; attempt++) {
          const waitedMs = patient() ? await waitForQuiet() : 0;
          if (waitedMs > 1000) console.log(`  (waited ${(waitedMs / 1000).toFixed(0)} s for other processes to go quiet)`);
          run = await measure(variant, sinkUrl, sink.pid, round);
          run.attempts = attempt;
          if (!(run.foreignPct > FOREIGN_LIMIT_PCT) || attempt > MAX_RETRIES || !patient()) break;
          console.log(`round ${round} ${variant.name.padEnd(16)} other processes used ${fmt(run.foreignPct, 0)}% ` +
            'of a core during the window: measuring again');
        }
        runs[variant.name].push(run);
        const spans = run.exportedInWindow.traces;
        console.log(`round ${round} ${variant.name.padEnd(16)} ${fmt(run.reqPerS, 0).padStart(6)} req/s  ` +
          `${fmt(run.cpuUsPerReq, 2).padStart(6)} µs/req  server core ${fmt(run.serverCoreUtil * 100, 0)}%  ` +
          `load core ${fmt(run.loadCoreUtil * 100, 0)}% (sink ${fmt(run.sinkCoreUtil * 100, 0)}%)  ` +
          `others ${fmt(run.foreignPct, 0)}% (steal ${fmt(Math.max(run.serverCpu?.stealPct ?? 0, run.loadCpu?.stealPct ?? 0), 0)}%)  ` +
          `p99 ${fmt(run.p99Ms, 2)} ms  exported ${spans.items} spans / ${(spans.bytes / 2 ** 20).toFixed(1)} MiB` +
          (run.non2xx || run.errors ? `  non2xx=${run.non2xx} errors=${run.errors}` : ''));
      }
    }
  } finally {
    await sink.stop();
  }

  // Ratios and deltas against the baseline of the same round, then the median over rounds.
  const base = runs.baseline;
  const summary = list.map((v) => {
    const r = runs[v.name];
    const perRound = (fn) => median(r.map((run, i) => fn(run, base[i])));
    const spans = r.map((run) => run.exportedInWindow.traces);
    return {
      variant: v.name,
      description: v.description,
      reqPerS: median(r.map((run) => run.reqPerS)),
      reqPerSRange: [Math.min(...r.map((run) => run.reqPerS)), Math.max(...r.map((run) => run.reqPerS))],
      ratioToBaseline: perRound((run, b) => run.reqPerS / b.reqPerS),
      cpuUsPerReq: median(r.map((run) => run.cpuUsPerReq)),
      cpuUsPerReqRange: [Math.min(...r.map((run) => run.cpuUsPerReq)), Math.max(...r.map((run) => run.cpuUsPerReq))],
      addedCpuUsPerReq: perRound((run, b) => run.cpuUsPerReq - b.cpuUsPerReq),
      p50Ms: median(r.map((run) => run.p50Ms)),
      p99Ms: median(r.map((run) => run.p99Ms)),
      rssMiB: median(r.map((run) => run.rssMiB)),
      serverCoreUtil: median(r.map((run) => run.serverCoreUtil)),
      spansPerReq: median(r.map((run, i) => spans[i].items / run.requests)),
      exportedBytesPerSpan: median(spans.map((s) => (s.items ? s.bytes / s.items : NaN))),
      quiet: quietRounds(r, base),
    };
  });

  console.log();
  console.log(formatTable(
    ['variant', 'req/s', 'x base', 'CPU µs/req', '+µs/req', 'p50 ms', 'p99 ms', 'RSS MiB', 'core %', 'spans/req'],
    summary.map((s) => [
      s.variant,
      fmt(s.reqPerS, 0),
      fmt(s.ratioToBaseline, 2),
      fmt(s.cpuUsPerReq, 2),
      s.variant === 'baseline' ? '-' : `+${fmt(s.addedCpuUsPerReq, 2)}`,
      fmt(s.p50Ms, 3),
      fmt(s.p99Ms, 3),
      fmt(s.rssMiB, 0),
      fmt(s.serverCoreUtil * 100, 0),
      s.variant === 'baseline' ? '-' : fmt(s.spansPerReq, 3),
    ]),
  ));
  console.log('\nmedians over rounds; x base and +µs/req against the baseline of the same round; ' +
    'core % = server CPU time / wall time (near 100 = server-bound)');
  console.log(`\nquiet rounds only (steal <= ${QUIET_STEAL_PCT}% on the server core in the variant's window and in its round's baseline):`);
  console.log(formatTable(
    ['variant', 'rounds', 'x base', 'CPU µs/req', '+µs/req'],
    summary.map((s) => [s.variant, String(s.quiet.rounds), fmt(s.quiet.ratioToBaseline, 2), fmt(s.quiet.cpuUsPerReq, 2), s.variant === 'baseline' || !s.quiet.rounds ? '-' : `+${fmt(s.quiet.addedCpuUsPerReq, 2)}`]),
  ));
  const contended = Object.values(runs).flat().filter((run) => run.foreignPct > FOREIGN_LIMIT_PCT).length;
  if (contended) {
    console.log(`WARNING: ${contended} kept run(s) shared a core with other processes (> ${FOREIGN_LIMIT_PCT}%); ` +
      'req/s is unreliable, CPU µs/req less so: rerun on a quiet machine');
  }
  for (const v of list) {
    const line = runs[v.name].find((run) => run.startupLine)?.startupLine;
    if (line) console.log(`${v.name} startup: ${line.replace(/^sightline: /, '').replace(/http:\/\/127\.0\.0\.1:\d+/g, '<sink>')}`);
  }

  // A profiled run is distorted: keep it away from the committed result.
  const outDir = settings.cpuProf ? join(resultsDir, 'profiles') : resultsDir;
  mkdirSync(settings.out ? dirname(settings.out) : outDir, { recursive: true });
  const out = settings.out ?? join(outDir, 'latest.json');
  writeFileSync(out, JSON.stringify({
    benchmark: 'http-overhead',
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine,
    settings: { ...settings, telemetry: signalsNote },
    variants: list.map(({ name, description, env, app }) => ({ name, description, app, env: redactSink(env) })),
    summary,
    runs,
  }, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
}

function redactSink(env) {
  const copy = { ...env };
  if (copy.OTEL_EXPORTER_OTLP_ENDPOINT) copy.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:<sink>';
  return copy;
}

await main();
