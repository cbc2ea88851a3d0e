import { describe, expect, it } from 'vitest';
import { detectToolProcess } from '../../src/sdk/detect-tool-process.js';

describe('detectToolProcess', () => {
  it('recognises the entry scripts of package managers', () => {
    expect(Object.fromEntries([
      '/usr/lib/node_modules/npm/bin/npm-cli.js',
      '/usr/lib/node_modules/npm/bin/npx-cli.js',
      '/home/u/.tools/pnpm/node_modules/pnpm/bin/pnpm.cjs',
      '/home/u/.cache/node/corepack/v1/pnpm/10.3.0/bin/pnpm.cjs',
      '/usr/local/bin/yarn',
      '/app/.yarn/releases/yarn-4.5.1.cjs',
      '/usr/lib/node_modules/corepack/dist/corepack.js',
      '/usr/local/lib/node_modules/@yarnpkg/cli-dist/bin/yarn.js',
    ].map((p) => [p, detectToolProcess(p)]))).toEqual({
      '/usr/lib/node_modules/npm/bin/npm-cli.js': 'npm',
      '/usr/lib/node_modules/npm/bin/npx-cli.js': 'npx',
      '/home/u/.tools/pnpm/node_modules/pnpm/bin/pnpm.cjs': 'pnpm',
      '/home/u/.cache/node/corepack/v1/pnpm/10.3.0/bin/pnpm.cjs': 'pnpm',
      '/usr/local/bin/yarn': 'yarn',
      '/app/.yarn/releases/yarn-4.5.1.cjs': 'yarn',
      '/usr/lib/node_modules/corepack/dist/corepack.js': 'corepack',
      '/usr/local/lib/node_modules/@yarnpkg/cli-dist/bin/yarn.js': 'yarn',
    });
  });

  it('leaves apps alone, including ones under node_modules/.bin or in folders named like a tool', () => {
    for (const p of ['/srv/app/server.js', '/srv/npm/app.mjs', '/srv/app/node_modules/.bin/next', '/srv/app/dist/main.cjs', undefined]) {
      expect(detectToolProcess(p), String(p)).toBeUndefined();
    }
  });
});
