import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { freePort } from '@sightline/tests/free-port';
import { waitFor } from './wait-for.ts';

export const COLLECTOR_DIR = new URL('../..', import.meta.url).pathname;
export const RUN_SCRIPT = join(COLLECTOR_DIR, 'scripts/run.sh');

export interface CollectorPorts {
  grpc: number;
  http: number;
  health: number;
  selfMetrics: number;
}

/** Loopback ports and short timings for a collector under test; callers add destination variables. */
export async function testCollectorEnv(storageDir: string): Promise<{ env: Record<string, string>; ports: CollectorPorts }> {
  const ports = { grpc: await freePort(), http: await freePort(), health: await freePort(), selfMetrics: await freePort() };
  const env = {
    SIGHTLINE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.grpc}`,
    SIGHTLINE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.http}`,
    SIGHTLINE_HEALTH_ENDPOINT: `127.0.0.1:${ports.health}`,
    SIGHTLINE_SELF_METRICS_HOST: '127.0.0.1',
    SIGHTLINE_SELF_METRICS_PORT: String(ports.selfMetrics),
    SIGHTLINE_STORAGE_DIR: storageDir,
    SIGHTLINE_TAIL_DECISION_WAIT: '2s',
    SIGHTLINE_TAIL_DECISION_WAIT_AFTER_ROOT: '500ms',
    SIGHTLINE_SPAN_METRICS_FLUSH_INTERVAL: '1s',
    SIGHTLINE_BATCH_TIMEOUT: '200ms',
    SIGHTLINE_RETRY_MAX_INTERVAL: '1s',
    SIGHTLINE_REMOTE_WRITE_FLUSH_INTERVAL: '1s',
  };
  return { env, ports };
}

/** Runs `scripts/run.sh` with only the given variables (plus PATH/HOME), as a deployment would. */
export function runScriptEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, SIGHTLINE_COLLECTOR_BIN: inject('collectorBin'), ...env };
}

/** The built collector started through scripts/run.sh; `pid` is the collector itself (run.sh execs it). */
export class CollectorProcess {
  output = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly ports: CollectorPorts,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** `wrapper` runs run.sh through another command that execs it (e.g. `unshare`), keeping one pid. */
  static async start(env: Record<string, string>, ports: CollectorPorts, wrapper: string[] = []): Promise<CollectorProcess> {
    const [command, ...args] = [...wrapper, RUN_SCRIPT];
    const child = spawn(command!, args, { env: runScriptEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const collector = new CollectorProcess(child, ports);
    let exitCode: number | null | undefined;
    void collector.exited.then((code) => (exitCode = code));
    await waitFor('collector health check', async () => {
      if (exitCode !== undefined) throw new Error(`collector exited (${exitCode}):\n${collector.output}`);
      const res = await fetch(`http://127.0.0.1:${ports.health}/`);
      return res.ok ? true : undefined;
    }, 30_000).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${String(error)}\n${collector.output}`);
    });
    return collector;
  }

  get otlpHttpUrl(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  /** Graceful stop (SIGTERM): the collector drains what it can and closes its queue. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  /** kill -9: no shutdown hooks, in-memory state is lost. */
  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The value of one self-metric series (sum over series matching `labels`), 0 when absent. */
  async selfMetric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.ports.selfMetrics}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `sightline-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
