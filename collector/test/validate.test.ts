import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_DIR, RUN_SCRIPT, runScriptEnv, tempDir } from './helpers/CollectorProcess.ts';

const exec = promisify(execFile);
const storage = tempDir('validate');
afterAll(() => storage.remove());

/** Every destination as the variables that switch it on. */
const DESTINATIONS: Record<string, Record<string, string>> = {
  tempo: { SIGHTLINE_TEMPO_ENDPOINT: 'http://tempo:4318' },
  loki: { SIGHTLINE_LOKI_ENDPOINT: 'http://loki:3100/otlp' },
  prometheus: { SIGHTLINE_PROMETHEUS_ENDPOINT: '0.0.0.0:8889' },
  'prometheus-remote-write': { SIGHTLINE_PROMETHEUS_REMOTE_WRITE_URL: 'http://prometheus:9090/api/v1/write' },
  // With the organisation id, so the org-id fragments are validated merged into their exporters.
  axiom: { AXIOM_TOKEN: 'xapt-test', AXIOM_DATASET: 'traces', AXIOM_ORG_ID: 'org-1' },
  'axiom-metrics': { AXIOM_TOKEN: 'xapt-test', AXIOM_METRICS_DATASET: 'metrics', AXIOM_ORG_ID: 'org-1' },
  debug: { SIGHTLINE_DEBUG: 'basic' },
};

function combinations(names: string[]): string[][] {
  return names.reduce<string[][]>((acc, name) => acc.flatMap((c) => [c, [...c, name]]), [[]]);
}

async function validate(env: Record<string, string>, args: string[] = []) {
  return exec(RUN_SCRIPT, ['validate', ...args], { env: runScriptEnv({ SIGHTLINE_STORAGE_DIR: storage.path, ...env }) }).then(
    () => ({ ok: true, stderr: '' }),
    (e: { stderr: string }) => ({ ok: false, stderr: e.stderr }),
  );
}

describe('otelcol-sightline validate', () => {
  const all = combinations(Object.keys(DESTINATIONS));

  it(`accepts all ${all.length} combinations of destinations`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < all.length; i += 4) {
      await Promise.all(
        all.slice(i, i + 4).map(async (combo) => {
          const result = await validate(Object.assign({}, ...combo.map((d) => DESTINATIONS[d])));
          if (!result.ok) failures.push(`[${combo.join(', ')}]: ${result.stderr}`);
        }),
      );
    }
    expect(failures).toEqual([]);
  });

  it('accepts the agent role with a static list or a DNS name', async () => {
    const agent = { SIGHTLINE_COLLECTOR_ROLE: 'agent' };
    expect(await validate({ ...agent, SIGHTLINE_GATEWAY_ENDPOINTS: ' gw-1:4317,,10.0.0.7:4317 ' })).toEqual({ ok: true, stderr: '' });
    expect(await validate({ ...agent, SIGHTLINE_GATEWAY_DNS: 'gateways.observability.svc.cluster.local' })).toEqual({ ok: true, stderr: '' });
  });

  it('keeps the agent\'s processors identical to the gateway\'s (one health filter, one redaction list)', () => {
    const processors = (file: string) => (parse(readFileSync(join(COLLECTOR_DIR, file), 'utf8')) as { processors: Record<string, unknown> }).processors;
    const agent = processors('config/agent.yaml');
    const base = processors('config/base.yaml');
    expect(Object.keys(agent).sort()).toEqual(['batch', 'filter/health_checks', 'memory_limiter', 'redaction/pii']);
    for (const name of Object.keys(agent)) expect(agent[name], name).toEqual(base[name]);
  });

  it('rejects a config with a misspelt key', async () => {
    const broken = join(storage.path, 'broken.yaml');
    const base = readFileSync(join(COLLECTOR_DIR, 'config/base.yaml'), 'utf8');
    writeFileSync(broken, base.replace('decision_wait:', 'decision_wiat:'));
    const { stderr } = await exec(inject('collectorBin'), ['validate', `--config=${broken}`]).then(
      () => ({ stderr: 'validate passed' }),
      (e: { stderr: string }) => e,
    );
    expect(stderr).toMatch(/decision_wiat/);
  });

  it('rejects a destination fragment whose component does not exist', async () => {
    const extra = join(storage.path, 'extra.yaml');
    writeFileSync(extra, 'exporters:\n  otlp_grcp/x: {}\nservice:\n  pipelines:\n    traces/x:\n      receivers: [forward/traces]\n      exporters: [otlp_grcp/x]\n');
    const result = await validate({}, [`--config=${extra}`]);
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/otlp_grcp/);
  });

  it('rejects an invalid value in a variable', async () => {
    const result = await validate({ SIGHTLINE_SAMPLING_PERCENT: 'ten' });
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/sampling_percentage/);
  });
});
