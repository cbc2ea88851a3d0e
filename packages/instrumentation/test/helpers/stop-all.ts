import type { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import type { RunningProcess } from '@sightline/tests/process';

/** A test's leftovers, for `afterEach`: processes are killed, receivers stopped; unset ones skipped. */
export async function stopAll(...things: Array<RunningProcess | OtlpReceiver | undefined>): Promise<void> {
  await Promise.all(things.map((thing) => {
    if (thing === undefined) return undefined;
    if ('child' in thing) {
      thing.child.kill('SIGKILL');
      return undefined;
    }
    return thing.stop();
  }));
}
