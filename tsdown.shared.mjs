import { defineConfig } from 'tsdown';

/**
 * Every package ships the same dual build, like OpenTelemetry JS 3.x: ESM (`.js`, `.d.ts`) for
 * `import` and CommonJS (`.cjs`, `.d.cts`) for `require`, file for file (unbundle), so TypeScript
 * projects compiled as CommonJS get types and `--require` never goes through require(esm).
 * Source maps are left out: they would point at sources the tarball does not ship.
 *
 * @param {string[]} entry
 */
export function sightlineBuild(entry) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node22.15',
    unbundle: true,
    dts: { sourcemap: false },
    sourcemap: false,
    clean: true,
  });
}
