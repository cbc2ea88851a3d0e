import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_DIR, RUN_SCRIPT, tempDir } from './helpers/CollectorProcess.ts';

const exec = promisify(execFile);
const DEPLOY = join(COLLECTOR_DIR, 'deploy');
const storage = tempDir('deploy');
afterAll(() => storage.remove());

interface Compose {
  services: { collector: { image: string; command: string[]; environment: Record<string, string> } };
}
const compose = parse(readFileSync(join(DEPLOY, 'docker-compose.yaml'), 'utf8')) as Compose;
const collector = compose.services.collector;
const mounted = collector.command.map((c) => c.replace('--config=/etc/sightline/', join(COLLECTOR_DIR, 'config/')));

describe('deploy/docker-compose.yaml', () => {
  it('runs the contrib image of the manifest release', () => {
    const release = readFileSync(join(COLLECTOR_DIR, 'manifest.yaml'), 'utf8').match(/opentelemetry-collector-contrib\/\S+ v(\S+)/)![1];
    expect(collector.image).toBe(`otel/opentelemetry-collector-contrib:${release}`);
  });

  it('passes the fragments run.sh would choose for its environment, and they validate', async () => {
    const { stdout } = await exec(RUN_SCRIPT, ['--print-configs'], { env: { PATH: process.env.PATH, ...collector.environment } });
    expect(mounted).toEqual(stdout.trim().split('\n'));
    const env = { ...collector.environment, SIGHTLINE_STORAGE_DIR: storage.path };
    await exec(inject('collectorBin'), ['validate', ...mounted.map((f) => `--config=${f}`)], { env });
  });

  it('has a Prometheus config that promtool accepts', async () => {
    const { stdout } = await exec('promtool', ['check', 'config', join(DEPLOY, 'prometheus.yml')]);
    expect(stdout).toMatch(/SUCCESS/);
  });
});
