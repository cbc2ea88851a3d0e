import type { EnvReader } from './EnvReader.js';
import type { ExporterTarget, Signal } from './SightlineConfig.js';
import { resolveOtlpTarget } from './otlp-target.js';

export const PRESETS = ['collector', 'axiom', 'grafana-cloud', 'console', 'none'] as const;
export type Preset = (typeof PRESETS)[number];

/**
 * Base URL for a host or URL given without a scheme (`api.eu.axiom.co` -> `https://api.eu.axiom.co`);
 * undefined, with a problem recorded, when it is not a usable http(s) URL.
 */
function baseUrl(env: EnvReader, variable: string, hostOrUrl: string, fallback: string): string | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(hostOrUrl) ? hostOrUrl.replace(/\/+$/, '') : `https://${hostOrUrl.replace(/\/+$/, '')}`;
  try {
    const u = new URL(url);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '') return url;
  } catch {
    // reported below
  }
  env.problem(variable, hostOrUrl, 'not a host name or http(s) URL', fallback);
  return undefined;
}

function axiom(env: EnvReader, signal: Signal, shared: boolean): ExporterTarget | undefined {
  const token = env.string('AXIOM_TOKEN');
  if (token === undefined) {
    env.problem('AXIOM_TOKEN', undefined, 'the axiom preset needs AXIOM_TOKEN', 'not sending anything to Axiom');
    return undefined;
  }
  const datasetVar = signal === 'metrics' ? 'AXIOM_METRICS_DATASET' : 'AXIOM_DATASET';
  const dataset = env.string(datasetVar);
  if (dataset === undefined) {
    env.problem(datasetVar, undefined, `the axiom preset needs ${datasetVar} for ${signal === 'metrics' ? 'metrics' : 'traces and logs'}`, `not sending ${signal === 'metrics' ? 'metrics' : 'traces and logs'} to Axiom`);
    return undefined;
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  headers[signal === 'metrics' ? 'x-axiom-metrics-dataset' : 'x-axiom-dataset'] = dataset;
  const orgId = env.string('AXIOM_ORG_ID');
  if (orgId !== undefined) headers['x-axiom-org-id'] = orgId;
  const url = baseUrl(env, 'AXIOM_URL', env.string('AXIOM_URL') ?? 'https://api.axiom.co', 'not sending anything to Axiom');
  if (url === undefined) return undefined;
  return resolveOtlpTarget(env, signal, {
    source: 'axiom',
    url,
    protocol: 'http/protobuf',
    headers,
    overrides: !shared,
  });
}

function grafanaCloud(env: EnvReader, signal: Signal, shared: boolean): ExporterTarget | undefined {
  const endpoint = env.string('GRAFANA_CLOUD_OTLP_ENDPOINT');
  const id = env.string('GRAFANA_CLOUD_INSTANCE_ID');
  const token = env.string('GRAFANA_CLOUD_API_TOKEN');
  for (const [name, v] of [['GRAFANA_CLOUD_OTLP_ENDPOINT', endpoint], ['GRAFANA_CLOUD_INSTANCE_ID', id], ['GRAFANA_CLOUD_API_TOKEN', token]] as const) {
    if (v === undefined) {
      env.problem(name, undefined, `the grafana-cloud preset needs ${name}`, 'not sending anything to Grafana Cloud');
      return undefined;
    }
  }
  const auth = Buffer.from(`${id}:${token}`).toString('base64');
  const url = baseUrl(env, 'GRAFANA_CLOUD_OTLP_ENDPOINT', endpoint!, 'not sending anything to Grafana Cloud');
  if (url === undefined) return undefined;
  return resolveOtlpTarget(env, signal, {
    source: 'grafana-cloud',
    url,
    protocol: 'http/protobuf',
    headers: { authorization: `Basic ${auth}` },
    overrides: !shared,
  });
}

/** The exporter target a preset gives for one signal; undefined when it gives none. */
export function presetTarget(env: EnvReader, preset: Preset, signal: Signal, shared: boolean): ExporterTarget | undefined {
  switch (preset) {
    case 'collector': {
      const given = env.string('SIGHTLINE_COLLECTOR_URL');
      const url = (given && baseUrl(env, 'SIGHTLINE_COLLECTOR_URL', given, 'using http://localhost:4318')) || 'http://localhost:4318';
      return resolveOtlpTarget(env, signal, { source: 'collector', url });
    }
    case 'axiom':
      return axiom(env, signal, shared);
    case 'grafana-cloud':
      return grafanaCloud(env, signal, shared);
    case 'console':
      return { kind: 'console', source: 'console' };
    case 'none':
      return undefined;
  }
}
