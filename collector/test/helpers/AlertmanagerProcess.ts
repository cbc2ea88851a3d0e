import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { waitFor } from './wait-for.ts';

/** Debian's prometheus-alertmanager on a free loopback port, clustering off, with a temporary data dir. */
export class AlertmanagerProcess {
  output = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly removeDir: () => void,
  ) {
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(configYaml: string): Promise<AlertmanagerProcess> {
    const dir = tempDir('alertmanager');
    const port = await freePort();
    writeFileSync(join(dir.path, 'alertmanager.yml'), configYaml);
    const child = spawn(
      'prometheus-alertmanager',
      [
        `--config.file=${join(dir.path, 'alertmanager.yml')}`,
        `--storage.path=${join(dir.path, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const am = new AlertmanagerProcess(child, port, dir.remove);
    await waitFor('alertmanager ready', async () => ((await fetch(`${am.url}/-/ready`)).ok ? true : undefined)).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${String(error)}\n${am.output}`);
    });
    return am;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Alerts Alertmanager holds, with their inhibition state. */
  async alerts(): Promise<{ labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[]> {
    return (await (await fetch(`${this.url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    this.removeDir();
  }
}
