import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COLLECTOR_DIR, tempDir } from './CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';

const exec = promisify(execFile);
const SCRIPT = join(COLLECTOR_DIR, 'scripts/postgres.sh');

/** A real PostgreSQL on a free loopback port in a temporary dir, through scripts/postgres.sh. */
export class PostgresServer {
  private constructor(
    readonly url: string,
    private readonly dir: { path: string; remove: () => void },
  ) {}

  static async start(): Promise<PostgresServer> {
    const dir = tempDir('postgres');
    // As root the server runs as another user, who must be able to enter the directory.
    chmodSync(dir.path, 0o755);
    const { stdout } = await exec(SCRIPT, ['start', join(dir.path, 'pg'), String(await freePort())], { timeout: 120_000 });
    return new PostgresServer(stdout.trim(), dir);
  }

  async stop(): Promise<void> {
    await exec(SCRIPT, ['stop', join(this.dir.path, 'pg')]).catch(() => undefined);
    this.dir.remove();
  }
}
