import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startNode } from '@sightline/tests/process';
import { startApp, PACKAGE_ROOT, type RunningApp } from '../helpers/app.js';
import { unsupportedNode } from '../helpers/unsupported-node.js';
import { stopAll } from '../helpers/stop-all.js';

const old = unsupportedNode();
const LINE = `sightline: Node.js ${old.version} is not supported (Sightline requires Node.js >= 22.15.0): telemetry is off, the app runs without it\n`;

describe(`under an unsupported Node (${old.version})`, () => {
  let receiver: OtlpReceiver | undefined;
  let app: RunningApp | undefined;
  let saved: string | undefined;
  afterEach(async () => {
    await stopAll(app, receiver);
    process.env.SIGHTLINE_TEST_NODE = saved;
    if (saved === undefined) delete process.env.SIGHTLINE_TEST_NODE;
  });

  it.each([
    ['--import', 'import', 'server.mjs'],
    ['--require', 'require', 'server.cjs'],
  ] as const)('%s: prints one line naming both versions, serves, and ends as Node would', async (_, preload, fixture) => {
    saved = process.env.SIGHTLINE_TEST_NODE;
    process.env.SIGHTLINE_TEST_NODE = old.path;
    receiver = await new OtlpReceiver().start();
    app = await startApp(fixture, { preload, otlp: receiver.url });
    expect((await app.get(fixture === 'server.mjs' ? '/hello' : '/plain')).status).toBe(200);
    app.child.kill('SIGTERM');
    expect((await app.exited).status).toBe(143);
    expect(app.stderr()).toBe(LINE);
    expect(receiver.requests).toHaveLength(0);
  });

  it('sightline check says the same and exits 1', async () => {
    saved = process.env.SIGHTLINE_TEST_NODE;
    process.env.SIGHTLINE_TEST_NODE = old.path;
    const p = startNode([`${PACKAGE_ROOT}bin/sightline.js`, 'check'], { cwd: PACKAGE_ROOT, env: {} });
    expect((await p.exited).code).toBe(1);
    expect(p.stdout()).toContain(`node:             ${old.version} (not supported: telemetry is off)`);
    expect(p.stdout()).toContain(`1 problem(s):\n  - ${LINE.slice('sightline: '.length)}`);
    expect(p.stderr()).toBe('');
  });
});
