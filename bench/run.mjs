// The whole performance suite, one command:  node bench/run.mjs [--quick] [--long]
//   throughput/latency/CPU per request (packages/instrumentation/bench/http-overhead.bench.js) for the
//   hello world and the realistic handler, ESM and CommonJS; startup (startup.mjs); memory
//   (memory.mjs); allocation per request (allocation.mjs); the packages' micro benches. Writes bench/results/latest.json and latest.md.
//   --quick  smoke check: hello ESM only, 1 round of 2 s, 3 startup runs, 5 s memory load, no micro
//   --long   memory under load for 10 minutes (backend-down growth)
// Needs `./run setup` (built dist/) first. Not a test: nothing asserts on timing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const quick = process.argv.includes('--quick');
const long = process.argv.includes('--long');

function run(label, script, env, cwd = root) {
  console.log(`\n==== ${label}`);
  const out = join(resultsDir, `${label}.json`);
  const result = spawnSync(process.execPath, [script], { cwd, stdio: 'inherit', env: { ...process.env, ...env, BENCH_OUT: out } });
  if (result.status !== 0) {
    console.log(`${label}: exited with ${result.status}`);
    return undefined;
  }
  return JSON.parse(readFileSync(out, 'utf8'));
}

function micro(label, script, cwd) {
  console.log(`\n==== ${label}`);
  const result = spawnSync(process.execPath, [script], { cwd, encoding: 'utf8', env: process.env });
  process.stdout.write(result.stdout);
  if (result.status !== 0) process.stdout.write(result.stderr);
  return { label, status: result.status, output: result.stdout.trim().split('\n') };
}

const versions = () => {
  const read = (p) => JSON.parse(readFileSync(join(root, p), 'utf8')).version;
  const dep = (name) => {
    try {
      return read(`packages/instrumentation/node_modules/${name}/package.json`);
    } catch {
      return undefined;
    }
  };
  return {
    node: process.version,
    '@sightline/instrumentation': read('packages/instrumentation/package.json'),
    '@opentelemetry/api': dep('@opentelemetry/api'),
    '@opentelemetry/sdk-trace': dep('@opentelemetry/sdk-trace'),
    '@opentelemetry/sdk-node': dep('@opentelemetry/sdk-node'),
    '@opentelemetry/auto-instrumentations-node': dep('@opentelemetry/auto-instrumentations-node'),
  };
};
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
})();

const started = new Date();
const loadAverageAtStart = os.loadavg();
const httpBench = join(root, 'packages/instrumentation/bench/http-overhead.bench.js');
const scenarios = quick
  ? [{ app: 'hello', format: 'esm' }]
  : [{ app: 'hello', format: 'esm' }, { app: 'hello', format: 'cjs' }, { app: 'realistic', format: 'esm' }, { app: 'realistic', format: 'cjs' }];
const quickEnv = quick ? { BENCH_ROUNDS: '1', BENCH_DURATION_S: '2', BENCH_WARMUP_S: '1' } : {};
const throughput = [];
for (const { app, format } of scenarios) {
  const label = `http-${app}-${format}`;
  const result = run(label, httpBench, { ...quickEnv, BENCH_APP: app, BENCH_FORMAT: format });
  if (result) throughput.push({ label, app, format, summary: result.summary, settings: result.settings });
}
const startup = run('startup', join(root, 'bench/startup.mjs'), quick ? { BENCH_STARTUP_RUNS: '3' } : {});
const memory = run('memory', join(root, 'bench/memory.mjs'), { BENCH_MEMORY_LOAD_S: quick ? '5' : long ? '600' : '30' });
const allocations = (quick ? ['hello'] : ['hello', 'realistic'])
  .map((app) => run(`allocation-${app}`, join(root, 'bench/allocation.mjs'), { BENCH_APP: app, BENCH_ALLOCATION_LOAD_S: quick ? '2' : '5' }))
  .filter(Boolean);
const micros = quick ? [] : [
  micro('processors per span', 'bench/processor-cost.bench.ts', join(root, 'packages/processors')),
  micro('breaker adapter per call', 'bench/adapter-cost.bench.ts', join(root, 'packages/processors')),
  micro('pino correlator lines/s', 'bench/correlation.bench.js', join(root, 'packages/pino')),
  micro('span lifecycle, SDK tracer vs LeanTracer', 'bench/span-lifecycle.bench.js', join(root, 'packages/instrumentation')),
];

const f = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const md = [];
md.push(`Run ${started.toISOString()}${quick ? ' (quick mode)' : ''}, commit ${commit ?? '?'}, ${os.cpus()[0]?.model} x${os.cpus().length}, ` +
  `Linux ${os.release()}, load average at start ${loadAverageAtStart.map((n) => n.toFixed(2)).join(' ')}, at end ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
md.push('', 'Versions: ' + Object.entries(versions()).map(([k, v]) => `${k} ${v ?? '-'}`).join(', '));
for (const t of throughput) {
  md.push('', `### ${t.app === 'hello' ? 'hello world' : 'realistic handler'}, ${t.format.toUpperCase()}`, '');
  md.push('| variant | req/s | x base | CPU µs/req | +µs/req | p50 ms | p99 ms | RSS MiB | spans/req | quiet rounds: n, x base, +µs/req |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const s of t.summary) {
    const q = s.quiet;
    md.push(`| ${s.variant} | ${f(s.reqPerS, 0)} | ${f(s.ratioToBaseline)} | ${f(s.cpuUsPerReq)} | ${s.variant === 'baseline' ? '-' : `+${f(s.addedCpuUsPerReq)}`} | ` +
      `${f(s.p50Ms, 3)} | ${f(s.p99Ms, 3)} | ${f(s.rssMiB, 0)} | ${s.variant === 'baseline' ? '-' : f(s.spansPerReq, 3)} | ` +
      `${q ? `${q.rounds}, ${f(q.ratioToBaseline)}, ${s.variant === 'baseline' || !q.rounds ? '-' : `+${f(q.addedCpuUsPerReq)}`}` : '-'} |`);
  }
}
if (startup) {
  md.push('', `### startup (process start to first response, median of ${startup.runs} runs)`, '', '| variant | ms | + ms | range ms | RSS at first response MiB |', '|---|---:|---:|---:|---:|');
  for (const s of startup.summary) md.push(`| ${s.variant} | ${f(s.startMs, 0)} | +${f(s.addedMs, 0)} | ${s.rangeMs.map((n) => f(n, 0)).join('-')} | ${f(s.firstResponseRssMiB, 0)} |`);
}
if (memory) {
  md.push('', `### memory (${memory.loadS} s of load, ${memory.connections} connections)`, '', '| variant | idle after warm-up MiB | under load end MiB | max MiB | growth after 5 s MiB | young generation MiB | heap used after full GC MiB |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const r of memory.results) md.push(`| ${r.variant} | ${f(r.idleAfterWarmupMiB, 0)} | ${f(r.underLoadEndMiB, 0)} | ${f(r.underLoadMaxMiB, 0)} | ${f(r.growthAfter5sMiB, 0)} | ${f(r.heap?.youngGenerationMiB, 0)} | ${f(r.heap?.heapUsedAfterGcMiB, 1)} |`);
}
for (const allocation of allocations) {
  md.push('', `### allocation per request (${allocation.app === 'realistic' ? 'realistic handler' : 'hello world'}, ${allocation.loadS} s of load, V8 sampling heap profiler)`, '', '| variant | B/req | + over baseline | in preload code B/req | largest preload sites (B/req) |', '|---|---:|---:|---:|---|');
  const base = allocation.results.find((r) => r.variant === 'baseline');
  for (const r of allocation.results) {
    md.push(`| ${r.variant} | ${f(r.bytesPerRequest, 0)} | ${r === base || !base ? '-' : `+${f(r.bytesPerRequest - base.bytesPerRequest, 0)}`} | ${f(r.preloadBytesPerRequest, 0)} | ${r.topSites.slice(0, 3).map((s) => `${s.site.split(' ')[0]} ${f(s.bytesPerRequest, 0)}`).join(', ')} |`);
  }
}
for (const m of micros) md.push('', `### micro: ${m.label}`, '', '```', ...m.output, '```');
const report = md.join('\n') + '\n';
writeFileSync(join(resultsDir, 'latest.md'), report);
writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({
  date: started.toISOString(), quick, long, commit, loadAverageAtStart, loadAverageAtEnd: os.loadavg(),
  machine: { cpu: os.cpus()[0]?.model, cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), kernel: os.release() },
  versions: versions(), throughput, startup, memory, allocations, micro: micros,
}, null, 2) + '\n');
console.log(`\n${report}\nwrote bench/results/latest.md and latest.json`);
