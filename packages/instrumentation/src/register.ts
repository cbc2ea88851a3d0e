// Side-effect entry point for `node --import @sightline/instrumentation app.js` (and `import`).
// Only the version check is imported statically: the rest may use what an old Node lacks, so it is
// loaded once the running Node is known to be supported.
import { createRequire } from 'node:module';
import { shouldStart } from './entry-guard.js';

if (shouldStart()) {
  // The CommonJS bundle (preload.cjs, see tsdown.config.mjs), like register-require.ts: the library
  // instrumentations and exporters Sightline loads are CommonJS, so an ESM start would also load the
  // ESM twin of every OpenTelemetry package they share (api, core, resources, sdk-metrics,
  // instrumentation): ~130 modules more, ~70 ms of start-up.
  (createRequire(import.meta.url)('./preload.cjs') as typeof import('./start.js')).startFromEntry();
}
