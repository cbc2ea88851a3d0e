import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { waitFor } from './wait-for.ts';

export interface PrometheusOptions {
  /** host:port targets to scrape every second (honor_labels, so the exporter's job label stays). */
  scrapeTargets?: string[];
  remoteWriteReceiver?: boolean;
  /** Rule files (recording and alerting rules) to evaluate every second. */
  ruleFiles?: string[];
  /** host:port of an Alertmanager to send alerts to. */
  alertmanager?: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** Debian's prometheus on a free loopback port with a temporary data dir. */
export class PrometheusProcess {
  private output = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly removeDir: () => void,
  ) {
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(options: PrometheusOptions): Promise<PrometheusProcess> {
    const dir = tempDir('prometheus');
    const port = await freePort();
    const targets = (options.scrapeTargets ?? []).map((t) => `'${t}'`).join(', ');
    const scrape = targets === '' ? ' []\n' : `\n  - job_name: collector\n    honor_labels: true\n    static_configs: [{ targets: [${targets}] }]\n`;
    const rules = (options.ruleFiles ?? []).map((f) => `\n  - '${f}'`).join('');
    const config = `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:${rules || ' []'}\nscrape_configs:${scrape}`;
    const alerting = options.alertmanager ? `alerting:\n  alertmanagers:\n    - static_configs: [{ targets: ['${options.alertmanager}'] }]\n` : '';
    writeFileSync(join(dir.path, 'prometheus.yml'), config + alerting);
    const args = [
      `--config.file=${join(dir.path, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir.path, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--enable-feature=exemplar-storage',
    ];
    if (options.remoteWriteReceiver) args.push('--web.enable-remote-write-receiver');
    const child = spawn('prometheus', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const prom = new PrometheusProcess(child, port, dir.remove);
    await waitFor('prometheus ready', async () => ((await fetch(`${prom.url}/-/ready`)).ok ? true : undefined)).catch(
      (error: unknown) => {
        child.kill('SIGKILL');
        throw new Error(`${String(error)}\n${prom.output}`);
      },
    );
    if (options.scrapeTargets?.length) await prom.waitForScrapes(options.scrapeTargets.length);
    return prom;
  }

  /** Prometheus applies new targets after a few seconds; wait until each has been scraped once. */
  private async waitForScrapes(targets: number): Promise<void> {
    await waitFor('first scrape of every target', async () => {
      const body = (await (await fetch(`${this.url}/api/v1/targets`)).json()) as {
        data: { activeTargets: { health: string }[] };
      };
      const up = body.data.activeTargets.filter((t) => t.health === 'up').length;
      return up === targets ? true : undefined;
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get remoteWriteUrl(): string {
    return `${this.url}/api/v1/write`;
  }

  /** Instant PromQL query through the HTTP API. */
  async query(expr: string): Promise<PromSample[]> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  async exemplars(expr: string): Promise<{ labels: Record<string, string> }[]> {
    const end = Date.now() / 1000;
    const url = `${this.url}/api/v1/query_exemplars?query=${encodeURIComponent(expr)}&start=${end - 600}&end=${end}`;
    const body = (await (await fetch(url)).json()) as { data: { exemplars: { labels: Record<string, string> }[] }[] };
    return body.data.flatMap((series) => series.exemplars);
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
