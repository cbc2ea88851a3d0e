import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/config/Problem.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import type { OtlpTarget } from '../../src/config/SightlineConfig.js';

const otlp = (env: NodeJS.ProcessEnv, signal: 'traces' | 'metrics' | 'logs' = 'traces') => resolveConfig(env).exporters[signal] as OtlpTarget[];
const problems = (env: NodeJS.ProcessEnv) => resolveConfig(env).problems.map((p) => `${p.variable}: ${p.message} -> ${p.fallback}`);

describe('resolveConfig', () => {
  describe('exporters', () => {
    it.each([
      [{}, 'http://localhost:4318/v1/traces', 'http/protobuf'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318/' }, 'http://otel:4318/v1/traces', 'http/protobuf'],
      [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://otel:9999/custom' }, 'http://otel:9999/custom', 'http/protobuf'],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'http://localhost:4317', 'grpc'],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317' }, 'http://c:4317', 'grpc'],
      [{ SIGHTLINE_BACKENDS: 'collector', SIGHTLINE_COLLECTOR_URL: 'http://col:4318' }, 'http://col:4318/v1/traces', 'http/protobuf'],
      [{ SIGHTLINE_BACKENDS: 'collector', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://explicit:4318' }, 'http://explicit:4318/v1/traces', 'http/protobuf'],
    ])('%j -> %s (%s)', (env, url, protocol) => {
      const [t] = otlp(env);
      expect(t!.url).toBe(url);
      expect(t!.protocol).toBe(protocol);
    });

    it('reads per-signal exporters, console and none', () => {
      const c = resolveConfig({ OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'otlp,console' });
      expect(c.exporters.traces).toEqual([{ kind: 'console', source: 'console' }]);
      expect(c.exporters.metrics).toEqual([]);
      expect(c.exporters.logs.map((t) => t.kind)).toEqual(['otlp', 'console']);
    });

    it('an explicit OTEL_<SIGNAL>_EXPORTER wins over a preset', () => {
      const c = resolveConfig({ SIGHTLINE_BACKENDS: 'collector', OTEL_TRACES_EXPORTER: 'console' });
      expect(c.exporters.traces).toEqual([{ kind: 'console', source: 'console' }]);
      expect(c.exporters.metrics[0]!.source).toBe('collector');
    });

    it('merges generic and per-signal headers, URL-decoding values', () => {
      const [t] = otlp({ OTEL_EXPORTER_OTLP_HEADERS: 'a=1,Authorization=Bearer%20x', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=2' });
      expect(t!.headers).toEqual({ a: '2', authorization: 'Bearer x' });
    });

    it('axiom preset: endpoint, bearer token, dataset split, protobuf', () => {
      const env = { SIGHTLINE_BACKENDS: 'axiom', AXIOM_TOKEN: 'tok', AXIOM_DATASET: 'd', AXIOM_METRICS_DATASET: 'm', AXIOM_URL: 'api.eu.axiom.co' };
      expect(otlp(env, 'traces')[0]).toMatchObject({ url: 'https://api.eu.axiom.co/v1/traces', protocol: 'http/protobuf', headers: { authorization: 'Bearer tok', 'x-axiom-dataset': 'd' } });
      expect(otlp(env, 'logs')[0]!.headers['x-axiom-dataset']).toBe('d');
      expect(otlp(env, 'metrics')[0]!.headers).toEqual({ authorization: 'Bearer tok', 'x-axiom-metrics-dataset': 'm' });
      expect(otlp({ ...env, AXIOM_URL: undefined }, 'traces')[0]!.url).toBe('https://api.axiom.co/v1/traces');
    });

    it('grafana-cloud preset: basic auth from instance id and token', () => {
      const [t] = otlp({ SIGHTLINE_BACKENDS: 'grafana-cloud', GRAFANA_CLOUD_OTLP_ENDPOINT: 'https://otlp-gateway.grafana.net/otlp', GRAFANA_CLOUD_INSTANCE_ID: '123', GRAFANA_CLOUD_API_TOKEN: 'glc_x' });
      expect(t!.url).toBe('https://otlp-gateway.grafana.net/otlp/v1/traces');
      expect(t!.headers.authorization).toBe(`Basic ${Buffer.from('123:glc_x').toString('base64')}`);
    });

    it('with several vendors, OTEL_* endpoint and headers stay with the collector', () => {
      const env = { SIGHTLINE_BACKENDS: 'collector,axiom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://col:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-col=1', AXIOM_TOKEN: 't', AXIOM_DATASET: 'd', AXIOM_METRICS_DATASET: 'm' };
      const [collector, axiom] = otlp(env);
      expect(collector!.url).toBe('http://col:4318/v1/traces');
      expect(collector!.headers).toEqual({ 'x-col': '1' });
      expect(axiom!.url).toBe('https://api.axiom.co/v1/traces');
      expect(axiom!.headers['x-col']).toBeUndefined();
    });
  });

  describe('problems', () => {
    it.each([
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/v1/traces' }, 'OTEL_EXPORTER_OTLP_ENDPOINT: the base endpoint already ends with /v1/traces'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT: port 4317 is OTLP/gRPC but the protocol is http/protobuf'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'port 4318 is OTLP/HTTP but the protocol is grpc'],
      [{ OTEL_EXPORTER_OTLP_HEADERS: 'good=1,broken' }, 'OTEL_EXPORTER_OTLP_HEADERS: malformed header "broken"'],
      [{ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,mongoose' }, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS: unknown instrumentation "mongoose"'],
      [{ SIGHTLINE_BACKENDS: 'datadog' }, 'SIGHTLINE_BACKENDS: unknown preset "datadog"'],
      [{ SIGHTLINE_BACKENDS: 'axiom', AXIOM_DATASET: 'd' }, 'AXIOM_TOKEN: the axiom preset needs AXIOM_TOKEN -> not sending anything to Axiom'],
      [{ SIGHTLINE_BACKENDS: 'grafana-cloud' }, 'GRAFANA_CLOUD_OTLP_ENDPOINT: the grafana-cloud preset needs'],
      [{ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, 'OTEL_TRACES_SAMPLER: unsupported sampler'],
      [{ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes' }, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: unsupported temporality (supported: cumulative, delta, lowmemory) -> using cumulative'],
      [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG: expected a number from 0 to 1 -> using 1'],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' }, 'OTEL_EXPORTER_OTLP_PROTOCOL: expected one of http/protobuf, http/json, grpc -> using http/protobuf'],
      [{ SIGHTLINE_SHUTDOWN_TIMEOUT_MS: 'soon' }, 'SIGHTLINE_SHUTDOWN_TIMEOUT_MS: expected a number >= 0 -> using 5000'],
      [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER: unsupported exporter "zipkin"'],
      [{ OTEL_PROPAGATORS: 'tracecontext,xray' }, 'OTEL_PROPAGATORS: unsupported propagator xray'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT: unsupported scheme localhost:'],
      [{ SIGHTLINE_BACKENDS: 'collector', SIGHTLINE_COLLECTOR_URL: 'ftp://x' }, 'SIGHTLINE_COLLECTOR_URL: not a host name or http(s) URL -> using http://localhost:4318'],
      [{ SIGHTLINE_BACKENDS: 'axiom', AXIOM_TOKEN: 't', AXIOM_DATASET: 'd', AXIOM_URL: 'http://' }, 'AXIOM_URL: not a host name or http(s) URL -> not sending anything to Axiom'],
    ])('%j', (env, expected) => {
      expect(problems(env).join('\n')).toContain(expected);
    });

    it('reads the metrics temporality preference in any case, cumulative by default', () => {
      expect(resolveConfig({}).metricTemporality).toBe('cumulative');
      expect(resolveConfig({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta' }).metricTemporality).toBe('delta');
      expect(resolveConfig({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'LOWMEMORY' }).metricTemporality).toBe('lowmemory');
      expect(resolveConfig({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes' }).metricTemporality).toBe('cumulative');
    });

    it('reports each problem once, not once per signal', () => {
      expect(problems({ SIGHTLINE_BACKENDS: 'axiom' }).filter((p) => p.startsWith('AXIOM_TOKEN'))).toHaveLength(1);
      expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/v1/traces' })).toHaveLength(1);
    });

    it('a bad preset URL falls back or skips the preset instead of breaking the exporter', () => {
      expect(otlp({ SIGHTLINE_BACKENDS: 'collector', SIGHTLINE_COLLECTOR_URL: 'not a url at all' })[0]!.url).toBe('http://localhost:4318/v1/traces');
      expect(otlp({ SIGHTLINE_BACKENDS: 'axiom', AXIOM_TOKEN: 't', AXIOM_DATASET: 'd', AXIOM_URL: 'bad host!' })).toEqual([]);
    });

    it('falls back safely: doubled path stripped, malformed header skipped', () => {
      const [t] = otlp({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/v1/traces', OTEL_EXPORTER_OTLP_HEADERS: 'ok=1,broken' }, 'metrics');
      expect(t!.url).toBe('http://c:4318/v1/metrics');
      expect(t!.headers).toEqual({ ok: '1' });
    });

    it('redacts secret values in problems, as they are printed', () => {
      const [p, ...rest] = resolveConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer supersecretvalue,broken' }).problems;
      expect(rest).toEqual([]);
      // The printed line carries the value (so the user can find the bad pair) with the secret masked.
      expect(formatProblem(p!)).toBe('OTEL_EXPORTER_OTLP_HEADERS="authorization=Bear****,broken": malformed header "broken" (expected key=value pairs separated by commas); skipping it');
      const dsn = resolveConfig({ SENTRY_DSN: 'verysecretkey.sentry.io/1' }).problems.map(formatProblem).join('\n');
      expect(dsn).toContain('SENTRY_DSN=');
      expect(dsn).not.toContain('verysecretkey');
    });

    it('a clean environment has no problems', () => {
      expect(problems({ OTEL_SERVICE_NAME: 'x', SIGHTLINE_BACKENDS: 'collector,console' })).toEqual([]);
    });
  });

  it('reads sampler, propagators, ignore paths, strict and disabled', () => {
    const c = resolveConfig({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1', OTEL_PROPAGATORS: 'b3multi', SIGHTLINE_IGNORE_PATHS: '/ping', SIGHTLINE_STRICT: '1', OTEL_SDK_DISABLED: 'true' });
    expect(c.sampler).toEqual({ name: 'parentbased_traceidratio', ratio: 0.1 });
    expect(c.propagators).toEqual(['b3multi']);
    expect(c.ignorePaths).toEqual(['/ping']);
    expect(c.strict).toBe(true);
    expect(c.disabled).toBe(true);
  });
});
