// Allocation per request: bytes V8 allocates per request under load (garbage included),
// from its sampling heap profiler, for each variant, and where the preload's share is allocated. Unlike
// CPU time it does not move with the neighbours on a shared VM, so it shows a change's effect on the
// garbage collector's work (and on the young generation V8 sizes to it) in one short run.
//   node bench/allocation.mjs   BENCH_ALLOCATION_LOAD_S (5); BENCH_CONNECTIONS (16); BENCH_OUT = JSON path;
//                               BENCH_ALLOCATION_VARIANTS (comma list, default all); BENCH_COMPARE_ENTRY
//                               (adds `compare`, see variants.mjs); BENCH_ALLOCATION_TOP (8 sites);
//                               BENCH_APP (`hello` | `realistic`, the http-overhead bench's fixtures);
//                               BENCH_ALLOCATION_ENV (more variants, `name[@base]:VAR=value+VAR=value;...`,
//                               as BENCH_SIDE_ENV in side-by-side.mjs)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { choosePinning, reexecPinned, serverCommand } from '../packages/instrumentation/bench/lib/pinning.js';
import { runLoad } from '../packages/instrumentation/bench/lib/run-load.js';
import { startChild } from '../packages/instrumentation/bench/lib/start-child.js';
import { cleanEnv, envVariants, fixtures, selectVariants, serverVariants, startSink } from './variants.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const loadS = Number(process.env.BENCH_ALLOCATION_LOAD_S) > 0 ? Number(process.env.BENCH_ALLOCATION_LOAD_S) : 5;
const connections = Number(process.env.BENCH_CONNECTIONS) > 0 ? Number(process.env.BENCH_CONNECTIONS) : 16;
const top = Number(process.env.BENCH_ALLOCATION_TOP) > 0 ? Number(process.env.BENCH_ALLOCATION_TOP) : 8;
const app = process.env.BENCH_APP === 'realistic' ? 'realistic' : 'hello';
const pinning = choosePinning();
reexecPinned(pinning);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForLine(server, text, from) {
  for (let i = 0; i < 100; i++) {
    if (server.stderrLines.slice(from).some((l) => l.startsWith(text))) return;
    await sleep(100);
  }
  throw new Error(`no "${text}" line from the allocation probe`);
}

// The preload's code (Sightline's bundle, or upstream's OpenTelemetry packages) and the API. A site
// is such a frame's own allocations plus those of the Node functions it calls directly (setHeader,
// the context frame's Map); deeper Node frames are not counted, since through an emit they are the
// app's and Node's own listeners.
const PRELOAD = /packages\/instrumentation\/dist(-[^/]+)?\/|node_modules\/@opentelemetry\/|@sightline\//;

/** Total sampled bytes, and bytes per preload site. */
function attribute(profile) {
  let total = 0;
  const sites = new Map();
  (function walk(node, parentSite) {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = PRELOAD.test(url) ? `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : undefined;
    const owner = site ?? parentSite;
    total += node.selfSize;
    if (owner && node.selfSize) sites.set(owner, (sites.get(owner) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, site);
  })(profile.head, undefined);
  return { total, sites };
}

async function measure(variant) {
  const file = join(tmpdir(), `sightline-allocation-${process.pid}-${variant.name}.json`);
  const probe = ['--import', join(benchDir, 'allocation-probe.mjs')];
  const [command, args] = serverCommand(pinning, [...probe, ...variant.nodeArgs, join(fixtures, variant.app)]);
  const server = await startChild(command, args, { env: cleanEnv({ ...variant.env, ALLOCATION_PROFILE: file }), cwd: fixtures });
  const url = `http://127.0.0.1:${server.port}/`;
  try {
    await runLoad({ url, connections, durationS: 2, recordLatency: false });
    let seen = server.stderrLines.length;
    process.kill(server.pid, 'SIGUSR2');
    await waitForLine(server, 'allocation-probe sampling', seen);
    const load = await runLoad({ url, connections, durationS: loadS, recordLatency: false });
    seen = server.stderrLines.length;
    process.kill(server.pid, 'SIGUSR2');
    await waitForLine(server, 'allocation-probe written', seen);
    const { total, sites } = attribute(JSON.parse(readFileSync(file, 'utf8')));
    const perRequest = (bytes) => bytes / load.ok;
    return {
      variant: variant.name,
      requests: load.ok,
      bytesPerRequest: perRequest(total),
      preloadBytesPerRequest: perRequest([...sites.values()].reduce((a, b) => a + b, 0)),
      topSites: [...sites].sort((a, b) => b[1] - a[1]).slice(0, top).map(([site, bytes]) => ({ site, bytesPerRequest: perRequest(bytes) })),
    };
  } finally {
    rmSync(file, { force: true });
    await server.stop();
  }
}

const sink = await startSink();
const results = [];
try {
  const list = serverVariants(sink.url, app);
  const sightline = list.find((v) => v.name === 'sightline');
  list.splice(list.indexOf(sightline) + 1, 0, { ...sightline, name: 'sightline-10%', env: { ...sightline.env, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' } });
  for (const variant of [...selectVariants(list, process.env.BENCH_ALLOCATION_VARIANTS), ...envVariants('BENCH_ALLOCATION_ENV', list)]) {
    const r = await measure(variant);
    results.push(r);
    const base = results.find((x) => x.variant === 'baseline');
    console.log(`${r.variant.padEnd(16)} ${r.bytesPerRequest.toFixed(0).padStart(6)} B/req` +
      (base && r !== base ? `  (+${(r.bytesPerRequest - base.bytesPerRequest).toFixed(0)} over baseline)` : '') +
      (r.preloadBytesPerRequest > 0 ? `  in preload code ${r.preloadBytesPerRequest.toFixed(0)} B/req` : ''));
    for (const s of r.preloadBytesPerRequest > 0 ? r.topSites : []) console.log(`${' '.repeat(18)}${s.bytesPerRequest.toFixed(0).padStart(6)}  ${s.site}`);
  }
} finally {
  await sink.stop();
}
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ benchmark: 'allocation', app, loadS, connections, results }, null, 2) + '\n');
