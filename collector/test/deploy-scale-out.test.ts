import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_DIR, RUN_SCRIPT, tempDir } from './helpers/CollectorProcess.ts';

const exec = promisify(execFile);
const storage = tempDir('deploy-scale-out');
afterAll(() => storage.remove());

type Service = { profiles?: string[]; command: string[]; environment: Record<string, string>; volumes: string[] };
const compose = parse(readFileSync(join(COLLECTOR_DIR, 'deploy/docker-compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const files = (s: Service) => s.command.map((c) => c.replace('--config=/etc/sightline/', join(COLLECTOR_DIR, 'config/')));

describe('deploy/docker-compose.yaml, scale-out profile', () => {
  const { agent, 'gateway-1': g1, 'gateway-2': g2, collector } = compose.services as Record<string, Service>;

  it('has an agent and two gateways only in the profile, each gateway with a queue volume of its own', () => {
    for (const s of [agent!, g1!, g2!]) expect(s.profiles).toEqual(['scale-out']);
    expect(collector!.profiles).toBeUndefined();
    const queues = [agent!, g1!, g2!].map((s) => s.volumes.find((v) => v.endsWith(':/var/lib/otelcol/sightline'))!.split(':')[0]!);
    expect(new Set(queues).size).toBe(3);
    for (const q of queues) expect(compose.volumes).toHaveProperty(q);
  });

  it('runs the gateways exactly like the single collector', () => {
    for (const g of [g1!, g2!]) {
      expect(g.command).toEqual(collector!.command);
      expect(g.environment).toEqual(collector!.environment);
    }
  });

  it('gives the agent the files run.sh picks for a static gateway list, naming both gateways, and they validate', async () => {
    const endpoints = (JSON.parse(agent!.environment.SIGHTLINE_GATEWAY_HOSTNAMES!) as string[]).join(',');
    expect(endpoints).toBe('gateway-1:4317,gateway-2:4317');
    const { stdout } = await exec(RUN_SCRIPT, ['--print-configs'], {
      env: { PATH: process.env.PATH, SIGHTLINE_COLLECTOR_ROLE: 'agent', SIGHTLINE_GATEWAY_ENDPOINTS: endpoints },
    });
    expect(files(agent!)).toEqual(stdout.trim().split('\n'));
    await exec(inject('collectorBin'), ['validate', ...files(agent!).map((f) => `--config=${f}`)], {
      env: { ...agent!.environment, SIGHTLINE_STORAGE_DIR: storage.path },
    });
  });
});
