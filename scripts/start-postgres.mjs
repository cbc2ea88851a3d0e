#!/usr/bin/env node
// A throwaway PostgreSQL for tests and demos: Debian's binaries (installed by ensure-postgres.sh when
// missing), a fresh data dir under the temp dir, trust auth, 127.0.0.1 on a free port. As root the
// server runs as `nobody` (postgres refuses to run as root).
//   import { startPostgres } from '<root>/scripts/start-postgres.mjs'   (or @sightline/tests/postgres)
//   node scripts/start-postgres.mjs                                     prints the URL, runs until Ctrl-C
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runFromCli, spawnUntilReady, stopProcess } from './local-server.mjs';

const NOBODY = 65534;
const here = fileURLToPath(new URL('.', import.meta.url));

export function postgresBinDir() {
  return execFileSync(join(here, 'ensure-postgres.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
}

/** [command, args] running `bin` as nobody when we are root. */
function asServerUser(bin, args) {
  if (process.getuid?.() !== 0) return [bin, args];
  return ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', bin, ...args]];
}

/**
 * Starts PostgreSQL; resolves with { port, url, dataDir, stop(), start(), close() }. `stop()` shuts
 * the server down (fast mode: clients are disconnected) and `start()` brings it back on the same port
 * with the same data; `close()` stops it and deletes the data dir.
 */
export async function startPostgres(options = {}) {
  const bin = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'sightline-pg-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  if (process.getuid?.() === 0) {
    chownSync(root, NOBODY, NOBODY);
    chownSync(dataDir, NOBODY, NOBODY);
  }
  const env = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', TZ: 'UTC' };
  const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  execFileSync(initCmd, initArgs, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = options.port ?? await freePort();
  let proc;
  const start = async () => {
    if (proc !== undefined && proc.child.exitCode === null && proc.child.signalCode === null) return;
    const [cmd, args] = asServerUser(join(bin, 'postgres'), [
      '-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', root,
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    ]);
    proc = await spawnUntilReady(cmd, args, { env, cwd: root, ready: /database system is ready to accept connections/ });
  };
  const stop = () => stopProcess(proc, 'SIGINT');
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
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
