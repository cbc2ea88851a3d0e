import { defineConfig } from 'tsdown';

/**
 * Every package ships the same dual build, like OpenTelemetry JS 3.x: ESM (`.mjs`, `.d.mts`) for
 * `import` and CommonJS (`.cjs`, `.d.cts`) for `require`, file for file (unbundle), so TypeScript
 * projects compiled as CommonJS get types and `--require` never goes through require(esm).
 * Source maps are left out: they would point at sources the tarball does not ship.
 *
 * @param {string[]} entry entry points of both builds
 * @param {{ esm?: Array<string | Record<string, string>>, cjs?: Array<string | Record<string, string>> }} [only]
 *   entry points of one format only (`{ outName: 'src/file.ts' }` names the output)
 * @param {{ bundle?: boolean }} [options] `bundle`: one file per entry and format instead of file for
 *   file, for a package the preload loads at every start (resolving and compiling ~30 modules costs
 *   ~10 ms of start-up; dependencies stay external either way)
 */
export function sightlineBuild(entry, only = {}, options = {}) {
  const common = {
    platform: 'node',
    target: 'node22.15',
    unbundle: !options.bundle,
    dts: { sourcemap: false },
    sourcemap: false,
  };
  if (!only.esm && !only.cjs) return defineConfig({ ...common, entry, format: ['esm', 'cjs'], clean: true });
  return defineConfig([
    { ...common, entry: merge(entry, only.esm), format: 'esm', clean: true },
    { ...common, entry: merge(entry, only.cjs), format: 'cjs', clean: false },
  ]);
}

/** tsdown takes a list of files or one object of outName -> file. */
function merge(entry, extra = []) {
  const out = {};
  for (const e of [...entry, ...extra]) {
    if (typeof e === 'string') out[e.replace(/^src\//, '').replace(/\.[cm]?ts$/, '')] = e;
    else Object.assign(out, e);
  }
  return out;
}
