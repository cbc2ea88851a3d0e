// Side-effect entry point for `node --import @sightline/instrumentation app.js` (and `import`).
// Only the version check is imported statically: the rest may use what an old Node lacks, so it is
// loaded once the running Node is known to be supported.
import { createRequire } from 'node:module';
import workerThreads from 'node:worker_threads';
import { unsupportedNodeLine } from './node-version.js';

const unsupported = unsupportedNodeLine(process.versions.node);
if (unsupported) {
  if (workerThreads.isMainThread) process.stderr.write(`sightline: ${unsupported}\n`);
} else if (workerThreads.isInternalThread !== true) {
  // Not in Node's module-hooks thread: it runs `--require` modules too once any loader is registered
  // with module.register (an app's own off-thread loader, or SIGHTLINE_ESM_HOOK=async), and a second
  // Sightline there would register hooks from inside the hooks thread (the process exits 1).
  // The CommonJS bundle (preload.cjs, see tsdown.config.mjs), like register-require.ts: the library
  // instrumentations and exporters Sightline loads are CommonJS, so an ESM start would also load the
  // ESM twin of every OpenTelemetry package they share (api, core, resources, sdk-metrics,
  // instrumentation): ~130 modules more, ~70 ms of start-up.
  (createRequire(import.meta.url)('./preload.cjs') as typeof import('./start.js')).startFromEntry();
}
