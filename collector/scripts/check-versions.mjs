#!/usr/bin/env node
// Checks that manifest.yaml pins one consistent collector release: every core v0 module at one
// version, every core v1 module (providers) at the v1 version that release requires, and every contrib
// module at the same minor as core. ocb's strict check would fail later and slower on any mismatch.
// Usage: node scripts/check-versions.mjs [manifest.yaml] [--offline]
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CORE = 'go.opentelemetry.io/collector/';
const CONTRIB = 'github.com/open-telemetry/opentelemetry-collector-contrib/';

export function parseManifest(text) {
  return [...text.matchAll(/^\s*-\s*gomod:\s*(\S+)\s+(v\d+\.\d+\.\d+\S*)\s*$/gm)].map(([, mod, version]) => ({
    mod,
    version,
  }));
}

const minor = (v) => v.split('.').slice(0, 2).join('.');

/** Returns a list of problems; empty when consistent. `coreV1For(v0)` gives the v1 version core v0 requires. */
export function checkVersions(modules, coreV1For) {
  const problems = [];
  if (modules.length === 0) return ['no "- gomod: <module> <version>" lines found'];
  const unknown = modules.filter((m) => !m.mod.startsWith(CORE) && !m.mod.startsWith(CONTRIB));
  for (const m of unknown) problems.push(`${m.mod}: not a collector core or contrib module`);
  const coreV0 = modules.filter((m) => m.mod.startsWith(CORE) && m.version.startsWith('v0.'));
  const coreV1 = modules.filter((m) => m.mod.startsWith(CORE) && !m.version.startsWith('v0.'));
  const contrib = modules.filter((m) => m.mod.startsWith(CONTRIB));
  const same = (group, label) => {
    const versions = [...new Set(group.map((m) => m.version))];
    if (versions.length > 1) {
      problems.push(`${label} modules disagree: ${group.map((m) => `${m.mod} ${m.version}`).join(', ')}`);
    }
    return versions[0];
  };
  const v0 = same(coreV0, 'core v0');
  const v1 = same(coreV1, 'core v1');
  const contribMinors = [...new Set(contrib.map((m) => minor(m.version)))];
  if (contribMinors.length > 1) problems.push(`contrib modules span releases: ${contribMinors.join(', ')}`);
  if (v0 && contribMinors.length === 1 && contribMinors[0] !== minor(v0)) {
    problems.push(`contrib ${contribMinors[0]}.x does not match core ${v0}`);
  }
  if (v0 && v1 && coreV1For) {
    const expected = coreV1For(v0, coreV0[0].mod);
    if (expected && expected !== v1) problems.push(`core ${v0} requires v1 modules at ${expected}, manifest has ${v1}`);
  }
  return problems;
}

/** Reads the confmap version a core v0 module requires from its go.mod (downloads it if needed). */
function coreV1FromGoMod(v0, mod) {
  const out = execFileSync('go', ['mod', 'download', '-json', `${mod}@${v0}`], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  });
  const goMod = readFileSync(JSON.parse(out).GoMod, 'utf8');
  return goMod.match(/go\.opentelemetry\.io\/collector\/confmap (v1\.\S+)/)?.[1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--')) ?? new URL('../manifest.yaml', import.meta.url);
  const modules = parseManifest(readFileSync(file, 'utf8'));
  const problems = checkVersions(modules, args.includes('--offline') ? undefined : coreV1FromGoMod);
  for (const p of problems) console.error(`check-versions: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`check-versions: ${modules.length} modules pinned consistently`);
}
