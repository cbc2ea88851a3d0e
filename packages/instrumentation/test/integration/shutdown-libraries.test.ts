import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';
import { stopAll } from '../helpers/stop-all.js';

// How each library ends the process on its own (without Sightline): by the signal (143/130), by
// process.exit with its own code, or by letting the event loop drain. Sightline must not change it.
type Ending = 'signal' | 'exit 128+n' | 'exit 0';
const LIBRARIES: Array<{ lib: string; ending: Ending; cleanup: boolean; esmOnly?: boolean }> = [
  { lib: 'none', ending: 'signal', cleanup: false },
  { lib: 'signal-exit-v4', ending: 'signal', cleanup: true },
  { lib: 'signal-exit-v3', ending: 'signal', cleanup: true },
  { lib: 'async-exit-hook', ending: 'exit 128+n', cleanup: true },
  { lib: 'close-with-grace', ending: 'exit 0', cleanup: true },
  { lib: 'terminus', ending: 'signal', cleanup: true },
  // lightship 9's CommonJS build is broken (an ESM package.json over CommonJS files): ESM only.
  { lib: 'lightship', ending: 'exit 0', cleanup: true, esmOnly: true },
  { lib: 'hand-written', ending: 'exit 0', cleanup: true },
];
const SIGNAL_NUMBER = { SIGTERM: 15, SIGINT: 2 } as const;
const TIMEOUT_MS = 3000;
const REQUESTS = 5;

describe('shutdown with signal-handling libraries', () => {
  let receiver: OtlpReceiver | undefined;
  let app: RunningApp | undefined;
  afterEach(() => stopAll(app, receiver));

  const cases = LIBRARIES.flatMap((l) => (l.esmOnly ? (['esm'] as const) : (['esm', 'cjs'] as const)).flatMap((flavour) => (['SIGTERM', 'SIGINT'] as const).map((signal) => ({ ...l, flavour, signal }))));
  it.each(cases)('$lib ($flavour) on $signal: ends as without Sightline, cleanup once, every span exported', async ({ lib, ending, cleanup, flavour, signal }) => {
    receiver = await new OtlpReceiver().start();
    app = await startApp(`../shutdown/app.${flavour === 'esm' ? 'mjs' : 'cjs'}`, {
      preload: flavour === 'esm' ? 'import' : 'require',
      otlp: receiver.url,
      // A long batch delay: only the shutdown flush can deliver these spans.
      env: { SHUTDOWN_LIB: lib, OTEL_BSP_SCHEDULE_DELAY: '60000', SIGHTLINE_SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    for (let i = 1; i <= REQUESTS; i++) await (await app.get(`/r${i}`)).text();
    const sent = Date.now();
    app.child.kill(signal);
    const exit = await app.exited;
    const elapsed = Date.now() - sent;

    if (ending === 'signal') expect(exit.signal, app.stderr()).toBe(signal);
    else expect(exit.code, app.stderr()).toBe(ending === 'exit 0' ? 0 : 128 + SIGNAL_NUMBER[signal]);
    expect(app.stdout().match(/cleanup ran/g)?.length ?? 0).toBe(cleanup ? 1 : 0);
    const paths = receiver.spans.map((s) => s.attributes['url.path']).sort();
    expect(paths).toEqual(Array.from({ length: REQUESTS }, (_, i) => `/r${i + 1}`));
    // The flush is bounded by the timeout; generous slack for a loaded machine.
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 10_000);
  });
});
