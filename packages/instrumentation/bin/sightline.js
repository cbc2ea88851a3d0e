#!/usr/bin/env node
import { createRequire } from 'node:module';

// `sightline check | head`: a reader that stops early is not an error of the check, whose exit
// status still says whether the configuration has problems.
let readerGone = false;
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
  readerGone = true;
});
const print = (line) => {
  if (!readerGone) process.stdout.write(line + '\n');
};
let main;
try {
  ({ main } = await import('../dist/cli/main.mjs'));
} catch (err) {
  // The CLI itself may not load on an unsupported Node: say so instead of a stack trace.
  const unsupported = createRequire(import.meta.url)('../dist/node-version.cjs').unsupportedNodeLine(process.versions.node);
  if (!unsupported) throw err;
  print(`1 problem(s):\n  - ${unsupported}`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2), process.env, print);
