// Side-effect entry point: `node --import @sightline/instrumentation app.js` (or `--require`).
import { startSightline } from './start.js';

startSightline();
