// Loaded with `--import` next to the variant by allocation.mjs. SIGUSR2 starts V8's sampling heap
// profiler (objects the GC already collected included, so it counts what was allocated, not what is
// held); the next SIGUSR2 stops it and writes the profile to ALLOCATION_PROFILE, then prints one
// `allocation-probe written` line on stderr.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
let sampling = false;

process.on('SIGUSR2', async () => {
  try {
    if (!sampling) {
      sampling = true;
      await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      process.stderr.write('allocation-probe sampling\n');
      return;
    }
    const { profile } = await post('HeapProfiler.stopSampling');
    writeFileSync(process.env.ALLOCATION_PROFILE, JSON.stringify(profile));
    process.stderr.write('allocation-probe written\n');
  } catch (err) {
    process.stderr.write(`allocation-probe failed: ${err.message}\n`);
  }
});
