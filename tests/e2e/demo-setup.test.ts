import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The demo's setup must work on a machine with Node and npm only: no Go directory on PATH, and a
// `go` that records being called, so even an attempt fails the test.
describe('./run setup demo', () => {
  it('succeeds without Go and never calls it', () => {
    const fake = mkdtempSync(join(tmpdir(), 'sightline-nogo-'));
    const called = join(fake, 'go-was-called');
    writeFileSync(join(fake, 'go'), `#!/bin/sh\necho "$@" > '${called}'\necho "go is not installed" >&2\nexit 127\n`);
    chmodSync(join(fake, 'go'), 0o755);
    const path = [fake, dirname(process.execPath), ...(process.env.PATH ?? '').split(delimiter).filter((d) => d && !existsSync(join(d, 'go')))].join(delimiter);
    try {
      const run = spawnSync(join(ROOT, 'run'), ['setup', 'demo'], {
        cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { PATH: path, HOME: process.env.HOME, TURBO_TELEMETRY_DISABLED: '1' },
      });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(existsSync(called)).toBe(false);
      expect(`${run.stdout}${run.stderr}`).not.toContain('@sightline/collector');
      expect(`${run.stdout}${run.stderr}`).toMatch(/Packages in scope: .*orders.*payments/);
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  }, 250_000);
});
