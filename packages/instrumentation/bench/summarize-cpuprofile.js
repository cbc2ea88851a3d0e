// Self time of a V8 .cpuprofile grouped by package (or by file for the app and node internals),
// and the top functions: where an instrumented server's CPU goes.
//
//   BENCH_CPU_PROF=1 BENCH_ROUNDS=1 node bench/http-overhead.bench.js
//   node bench/summarize-cpuprofile.js bench/results/profiles/sightline-r1.cpuprofile [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/summarize-cpuprofile.js <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg) || 25;
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node id from the sample stream (timeDeltas[i] belongs to samples[i]).
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function group(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const sightline = /packages\/([^/]+)\/dist\//.exec(url);
  if (sightline) return `@sightline/${sightline[1]}`;
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

const byGroup = new Map();
const byFunction = new Map();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const { url, functionName, lineNumber } = node.callFrame;
  const g = group(url, functionName);
  byGroup.set(g, (byGroup.get(g) ?? 0) + us);
  const key = `${functionName || '(anonymous)'}  ${g}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(6)}%  ${key}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
show('self time by package / area', byGroup);
show('self time by function', byFunction);
