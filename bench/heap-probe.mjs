// Loaded with `--import` next to the variant by memory.mjs (with --expose-gc): on SIGUSR2 it prints one
// `heap-probe {...}` line on stderr with V8's heap spaces as they stand, then again after a full
// collection. It tells apart memory that is held (heap used after GC) from memory the garbage
// collector keeps committed (the young generation grows with the allocation rate and stays grown).
import v8 from 'node:v8';

const MiB = 2 ** 20;
function spaces() {
  const out = {};
  for (const s of v8.getHeapSpaceStatistics()) out[s.space_name] = { sizeMiB: s.space_size / MiB, usedMiB: s.space_used_size / MiB };
  return out;
}

process.on('SIGUSR2', () => {
  const before = spaces();
  const rssBeforeMiB = process.memoryUsage.rss() / MiB;
  globalThis.gc?.();
  const after = spaces();
  const usedAfterGcMiB = Object.values(after).reduce((sum, s) => sum + s.usedMiB, 0);
  process.stderr.write(`heap-probe ${JSON.stringify({
    rssMiB: rssBeforeMiB,
    youngGenerationMiB: before.new_space?.sizeMiB ?? 0,
    oldSpaceMiB: before.old_space?.sizeMiB ?? 0,
    heapUsedAfterGcMiB: usedAfterGcMiB,
    externalMiB: process.memoryUsage().external / MiB,
  })}\n`);
});
