#!/usr/bin/env node
// A throwaway Redis for tests and demos: Debian's redis-server (installed by ensure-redis.sh when
// missing), no persistence, 127.0.0.1 on a free port.
//   import { startRedis } from '<root>/scripts/start-redis.mjs'   (or @sightline/tests/redis)
//   node scripts/start-redis.mjs                                  prints the URL, runs until Ctrl-C
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runFromCli, spawnUntilReady, stopProcess } from './local-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Starts redis-server; resolves with { port, url, stop(), start(), close() } like startPostgres. */
export async function startRedis(options = {}) {
  const bin = execFileSync(join(here, 'ensure-redis.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
  const dir = mkdtempSync(join(tmpdir(), 'sightline-redis-'));
  const port = options.port ?? await freePort();
  let proc;
  const start = async () => {
    if (proc !== undefined && proc.child.exitCode === null && proc.child.signalCode === null) return;
    proc = await spawnUntilReady(bin, [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
    ], { cwd: dir, ready: /Ready to accept connections/ });
  };
  const stop = () => stopProcess(proc, 'SIGTERM');
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const redis = await startRedis();
  runFromCli(redis, redis.url);
}
