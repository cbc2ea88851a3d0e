#!/usr/bin/env node
// A throwaway PostgreSQL for tests and demos, from Node: collector/scripts/postgres.sh does the work
// (Debian's server installed by collector/scripts/ensure-postgres.sh when missing, a fresh data dir,
// trust auth on 127.0.0.1, as an unprivileged user when run as root); this adds a free port, stop and
// start again on the same port (a database going away and coming back), and cleanup.
//   import { startPostgres } from '<root>/scripts/start-postgres.mjs'   (or @sightline/tests/postgres)
//   node scripts/start-postgres.mjs                                     prints the URL, runs until Ctrl-C
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, runFromCli } from './local-server.mjs';

const exec = promisify(execFile);
const COLLECTOR_SCRIPTS = fileURLToPath(new URL('../collector/scripts/', import.meta.url));

/** The directory of initdb and postgres, installing Debian's package when missing. */
export function postgresBinDir() {
  return execFileSync(join(COLLECTOR_SCRIPTS, 'ensure-postgres.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
}

/**
 * Starts PostgreSQL; resolves with { port, url, dataDir, stop(), start(), close() }. `stop()` shuts
 * the server down (fast mode: clients are disconnected) and `start()` brings it back on the same port
 * with the same data; `close()` stops it and deletes the data dir.
 */
export async function startPostgres(options = {}) {
  const root = mkdtempSync(join(tmpdir(), 'sightline-pg-'));
  chmodSync(root, 0o755); // as root the server runs as another user, who must be able to enter it
  const dir = join(root, 'pg');
  const port = options.port ?? await freePort();
  const script = join(COLLECTOR_SCRIPTS, 'postgres.sh');
  let running = false;
  const start = async () => {
    if (running) return;
    await exec(script, ['start', dir, String(port)], { timeout: 120_000 });
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await exec(script, ['stop', dir], { timeout: 60_000 }).catch(() => undefined);
    running = false;
  };
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: join(dir, 'data'),
    start,
    stop,
    async close() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pg = await startPostgres();
  runFromCli(pg, pg.url);
}
