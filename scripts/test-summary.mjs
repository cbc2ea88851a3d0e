// Adds up the vitest JSON reports of every workspace package and prints one closing line,
// "tests: N passed, N failed, N skipped", that CI reads. Exit 1 when a suite failed, a test was
// skipped (a skipped test is a test that cannot fail), or none ran.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Package folders to read (relative to the root) may be given as arguments; default: all of them.
const dirs = process.argv.length > 2
  ? process.argv.slice(2).map((d) => join(root, d))
  : ['packages', 'examples'].flatMap((d) =>
    existsSync(join(root, d)) ? readdirSync(join(root, d)).map((n) => join(root, d, n)) : [],
  ).concat([join(root, 'tests'), join(root, 'collector')]);

let passed = 0, failed = 0, skipped = 0, suiteErrors = 0, reports = 0;
for (const dir of dirs) {
  const file = join(dir, '.reports', 'vitest.json');
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  reports++;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  suiteErrors += (r.testResults ?? []).filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  console.log(`${dir.slice(root.length)}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
}
if (suiteErrors) console.log(`${suiteErrors} test file(s) failed to load`);
if (skipped) console.log(`${skipped} test(s) skipped or todo: every test must run`);
console.log(`tests: ${passed} passed, ${failed + suiteErrors} failed, ${skipped} skipped`);
process.exit(failed + suiteErrors + skipped > 0 || reports === 0 || passed === 0 ? 1 : 0);
