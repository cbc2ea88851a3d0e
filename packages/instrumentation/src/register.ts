// Side-effect entry point for `node --import @sightline/instrumentation app.js` (and `import`).
// Only the version check is imported statically: the rest may use what an old Node lacks, so it is
// loaded once the running Node is known to be supported.
import { isMainThread } from 'node:worker_threads';
import { unsupportedNodeLine } from './node-version.js';

const unsupported = unsupportedNodeLine(process.versions.node);
if (unsupported) {
  if (isMainThread) process.stderr.write(`sightline: ${unsupported}\n`);
} else {
  const { startFromEntry } = await import('./start.js');
  startFromEntry();
}
