import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RUN_SCRIPT } from './helpers/CollectorProcess.ts';

const exec = promisify(execFile);

async function selected(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await exec(RUN_SCRIPT, ['--print-configs'], { env: { PATH: process.env.PATH, ...env } });
  return stdout.trim().split('\n').map((f) => basename(f, '.yaml'));
}

async function failure(env: Record<string, string>): Promise<string> {
  const error = await exec(RUN_SCRIPT, ['--print-configs'], { env: { PATH: process.env.PATH, ...env } }).then(
    () => undefined,
    (e: { code: number; stderr: string }) => e,
  );
  expect(error?.code).toBe(2);
  return error!.stderr;
}

describe('scripts/run.sh', () => {
  it('uses the base config alone when no destination is set', async () => {
    expect(await selected({})).toEqual(['base']);
  });

  it('adds one fragment per destination whose variables are set', async () => {
    expect(await selected({ SIGHTLINE_TEMPO_ENDPOINT: 'http://tempo:4318' })).toEqual(['base', 'tempo']);
    expect(await selected({ SIGHTLINE_LOKI_ENDPOINT: 'http://loki:3100/otlp' })).toEqual(['base', 'loki']);
    expect(await selected({ SIGHTLINE_PROMETHEUS_ENDPOINT: '0.0.0.0:8889' })).toEqual(['base', 'prometheus']);
    expect(await selected({ SIGHTLINE_PROMETHEUS_REMOTE_WRITE_URL: 'http://p:9090/api/v1/write' })).toEqual([
      'base',
      'prometheus-remote-write',
    ]);
    expect(await selected({ SIGHTLINE_DEBUG: 'detailed' })).toEqual(['base', 'debug']);
  });

  it('splits Axiom into traces+logs and metrics by dataset', async () => {
    const token = { AXIOM_TOKEN: 'xaat-1' };
    expect(await selected({ ...token, AXIOM_DATASET: 'traces' })).toEqual(['base', 'axiom']);
    expect(await selected({ ...token, AXIOM_METRICS_DATASET: 'm' })).toEqual(['base', 'axiom-metrics']);
    expect(await selected({ ...token, AXIOM_DATASET: 't', AXIOM_METRICS_DATASET: 'm' })).toEqual([
      'base',
      'axiom',
      'axiom-metrics',
    ]);
  });

  it('adds the organisation id to each Axiom exporter when AXIOM_ORG_ID is set', async () => {
    const env = { AXIOM_TOKEN: 'xapt-1', AXIOM_ORG_ID: 'acme' };
    expect(await selected({ ...env, AXIOM_DATASET: 't' })).toEqual(['base', 'axiom', 'axiom-org-id']);
    expect(await selected({ ...env, AXIOM_METRICS_DATASET: 'm' })).toEqual(['base', 'axiom-metrics', 'axiom-metrics-org-id']);
  });

  it('still reads the old SIGHTLINE_AXIOM_* names, with a deprecation line', async () => {
    const { stdout, stderr } = await exec(RUN_SCRIPT, ['--print-configs'], {
      env: { PATH: process.env.PATH, SIGHTLINE_AXIOM_TOKEN: 'xaat-1', SIGHTLINE_AXIOM_DATASET: 't' },
    });
    expect(stdout.trim().split('\n').map((f) => basename(f, '.yaml'))).toEqual(['base', 'axiom']);
    expect(stderr).toContain('run.sh: SIGHTLINE_AXIOM_TOKEN is deprecated; use AXIOM_TOKEN');
    expect(stderr).toContain('run.sh: SIGHTLINE_AXIOM_DATASET is deprecated; use AXIOM_DATASET');
  });

  it('selects everything at once in a fixed order', async () => {
    const all = {
      SIGHTLINE_TEMPO_ENDPOINT: 'http://tempo:4318',
      SIGHTLINE_LOKI_ENDPOINT: 'http://loki:3100/otlp',
      SIGHTLINE_PROMETHEUS_ENDPOINT: '0.0.0.0:8889',
      SIGHTLINE_PROMETHEUS_REMOTE_WRITE_URL: 'http://p:9090/api/v1/write',
      AXIOM_TOKEN: 'xaat-1',
      AXIOM_DATASET: 't',
      AXIOM_METRICS_DATASET: 'm',
      SIGHTLINE_DEBUG: 'basic',
    };
    expect(await selected(all)).toEqual([
      'base',
      'tempo',
      'loki',
      'prometheus',
      'prometheus-remote-write',
      'axiom',
      'axiom-metrics',
      'debug',
    ]);
  });

  it('treats blank values as unset', async () => {
    expect(await selected({ SIGHTLINE_TEMPO_ENDPOINT: '  ', SIGHTLINE_DEBUG: '' })).toEqual(['base']);
  });

  it('refuses half-configured Axiom and unknown debug verbosity', async () => {
    expect(await failure({ AXIOM_TOKEN: 'xaat-1' })).toMatch(/neither AXIOM_DATASET/);
    expect(await failure({ AXIOM_DATASET: 'traces' })).toMatch(/AXIOM_TOKEN is not/);
    expect(await failure({ SIGHTLINE_DEBUG: 'loud' })).toMatch(/basic, normal or detailed/);
  });

  describe('SIGHTLINE_COLLECTOR_ROLE', () => {
    it('runs base plus destinations for single and gateway', async () => {
      const tempo = { SIGHTLINE_TEMPO_ENDPOINT: 'http://tempo:4318' };
      expect(await selected({ SIGHTLINE_COLLECTOR_ROLE: 'gateway', ...tempo })).toEqual(['base', 'tempo']);
      expect(await selected({ SIGHTLINE_COLLECTOR_ROLE: 'single', ...tempo })).toEqual(['base', 'tempo']);
    });

    it('runs an agent with the static or DNS resolver', async () => {
      const agent = { SIGHTLINE_COLLECTOR_ROLE: 'agent' };
      expect(await selected({ ...agent, SIGHTLINE_GATEWAY_ENDPOINTS: 'gw-1:4317, gw-2:4317' })).toEqual(['agent', 'static']);
      expect(await selected({ ...agent, SIGHTLINE_GATEWAY_DNS: 'gateways.observability.svc' })).toEqual(['agent', 'dns']);
    });

    it('refuses an agent without gateways, with both kinds, with a bad endpoint or with a destination', async () => {
      const agent = { SIGHTLINE_COLLECTOR_ROLE: 'agent' };
      expect(await failure(agent)).toMatch(/needs SIGHTLINE_GATEWAY_ENDPOINTS .* or SIGHTLINE_GATEWAY_DNS/);
      expect(await failure({ ...agent, SIGHTLINE_GATEWAY_ENDPOINTS: 'a:1', SIGHTLINE_GATEWAY_DNS: 'b' })).toMatch(/not both/);
      expect(await failure({ ...agent, SIGHTLINE_GATEWAY_ENDPOINTS: 'http://gw:4317' })).toMatch(/'http:\/\/gw:4317' is not host:port/);
      expect(await failure({ ...agent, SIGHTLINE_GATEWAY_ENDPOINTS: ' , ' })).toMatch(/lists no gateway/);
      expect(await failure({ ...agent, SIGHTLINE_GATEWAY_DNS: 'gw', SIGHTLINE_TEMPO_ENDPOINT: 'http://t:4318' })).toMatch(
        /SIGHTLINE_TEMPO_ENDPOINT is set on an agent/,
      );
    });

    it('refuses an unknown role', async () => {
      expect(await failure({ SIGHTLINE_COLLECTOR_ROLE: 'sidecar' })).toMatch(/single, gateway or agent, not 'sidecar'/);
    });
  });
});
