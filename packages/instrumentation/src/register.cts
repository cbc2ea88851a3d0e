// Side-effect entry point for `node --require @sightline/instrumentation app.cjs` (and `require`).
// CommonJS so that an unsupported Node (which may not load ES modules through require) still gets
// the one line saying telemetry is off instead of a crash.
import nodeVersion = require('./node-version.cjs');
import workerThreads = require('node:worker_threads');

const unsupported = nodeVersion.unsupportedNodeLine(process.versions.node);
if (unsupported) {
  if (workerThreads.isMainThread) process.stderr.write(`sightline: ${unsupported}\n`);
} else {
  (require('./start.js') as typeof import('./start.js')).startFromEntry();
}
