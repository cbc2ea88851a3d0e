// Side-effect entry point for `node --require @sightline/instrumentation app.cjs` (and `require`),
// built as dist/register.cjs. Like register.ts it loads start from the bundle dist/preload.cjs, and
// only once the version check passed, so an unsupported Node still gets the one line saying
// telemetry is off instead of a crash.
import { shouldStart } from './entry-guard.js';

if (shouldStart()) {
  // By its built name and through module.require: a plain require would be hoisted by the bundler
  // above the version check.
  (module.require('./preload.cjs') as typeof import('./start.js')).startFromEntry();
}
