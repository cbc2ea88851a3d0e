import { startNode } from '@sightline/tests/process';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, startApp, type RunningApp } from '../helpers/app.js';
import { stopAll } from '../helpers/stop-all.js';

// Run from the package root, where express, pg, ioredis and pino resolve: the preload then registers
// import-in-the-middle's ESM hook, which is what these contexts trip over.
const quiet = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
const startupLines = (stderr: string): number => stderr.split('\n').filter((l) => l.startsWith('sightline: service=')).length;

describe('the preload outside a plain `node app.js`', () => {
  let receiver: OtlpReceiver | undefined;
  let app: RunningApp | undefined;
  afterEach(() => stopAll(app, receiver));

  for (const flag of ['--require', '--import'] as const) {
    it(`node ${flag} @sightline/instrumentation -e '...' runs the script (builtins required without a parent module)`, async () => {
      const proc = startNode([flag, '@sightline/instrumentation', '-e', "console.log('eval ok', require('node:module').isBuiltin('fs'))"], { cwd: PACKAGE_ROOT, env: quiet });
      const exit = await proc.exited;
      expect(proc.stderr()).not.toContain('ENOENT');
      expect(exit.code).toBe(0);
      expect(proc.stdout()).toContain('eval ok true');
      expect(startupLines(proc.stderr())).toBe(1);
    });
  }

  it('--require next to an off-thread ESM loader: the loader thread (which runs --require modules too) starts nothing, the app is traced', async () => {
    // SIGHTLINE_ESM_HOOK=async registers import-in-the-middle with module.register, as an app's own
    // loader (tsx, ts-node) would start Node's hooks thread.
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { preload: 'require', otlp: receiver.url, env: { SIGHTLINE_ESM_HOOK: 'async' } });
    expect((await app.get('/hello')).status).toBe(200);
    await receiver.waitFor('the /hello span', () => receiver!.spans.some((s) => s.attributes['url.path'] === '/hello'));
    expect(startupLines(app.stderr())).toBe(1);
    expect(app.stderr()).toContain('esm hook=async');
  });

  for (const preload of ['require', 'import'] as const) {
    it(`--${preload} @sightline/instrumentation --import tsx app.mts: the TypeScript app runs through tsx and is traced`, async () => {
      receiver = await new OtlpReceiver().start();
      app = await startApp('typed-server.mts', { preload, nodeArgs: ['--import', 'tsx'], otlp: receiver.url });
      const res = await app.get('/typed');
      expect(await res.text()).toBe('typed hello');
      await receiver.waitFor('the /typed span', () => receiver!.spans.some((s) => s.attributes['url.path'] === '/typed'));
      expect(startupLines(app.stderr())).toBe(1);
    });
  }
});
