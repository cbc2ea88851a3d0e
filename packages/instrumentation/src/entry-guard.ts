import workerThreads from 'node:worker_threads';
import { unsupportedNodeLine } from './node-version.js';

/**
 * What both register entries check before loading the preload bundle. An unsupported Node gets one
 * line saying telemetry is off (from the main thread only). Node's module-hooks thread is skipped:
 * it runs `--require` modules too once any loader is registered with module.register (an app's own
 * off-thread loader, or SIGHTLINE_ESM_HOOK=async), and a second Sightline there would register hooks
 * from inside the hooks thread (the process exits 1).
 */
export function shouldStart(): boolean {
  const unsupported = unsupportedNodeLine(process.versions.node);
  if (unsupported) {
    if (workerThreads.isMainThread) process.stderr.write(`sightline: ${unsupported}\n`);
    return false;
  }
  return workerThreads.isInternalThread !== true;
}
