// Side-effect entry point for `node --require @sightline/instrumentation app.cjs` (and `require`),
// built as dist/register.cjs. Like register.ts it loads start from the bundle dist/preload.cjs, and
// only once the version check passed, so an unsupported Node still gets the one line saying
// telemetry is off instead of a crash.
import workerThreads from 'node:worker_threads';
import { unsupportedNodeLine } from './node-version.js';

const unsupported = unsupportedNodeLine(process.versions.node);
if (unsupported) {
  if (workerThreads.isMainThread) process.stderr.write(`sightline: ${unsupported}\n`);
} else if (workerThreads.isInternalThread !== true) {
  // Not in Node's module-hooks thread: it runs `--require` modules too once any loader is registered
  // with module.register (an app's own off-thread loader, or SIGHTLINE_ESM_HOOK=async), and a second
  // Sightline there would register hooks from inside the hooks thread (the process exits 1).
  // By its built name and through module.require: a plain require would be hoisted by
  // the bundler above the version check.
  (module.require('./preload.cjs') as typeof import('./start.js')).startFromEntry();
}
