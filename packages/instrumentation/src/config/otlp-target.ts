import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EnvReader } from './EnvReader.js';
import type { OtlpProtocol, OtlpTarget, Signal, TlsSettings } from './SightlineConfig.js';

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const SIGNAL_PATH: Record<Signal, string> = { traces: '/v1/traces', metrics: '/v1/metrics', logs: '/v1/logs' };

/** Parses `key=value,key2=value2` (values URL-decoded); malformed pairs become problems and are skipped. */
export function parseHeaders(env: EnvReader, variable: string): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = env.string(variable);
  if (raw === undefined) return out;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const i = pair.indexOf('=');
    const key = i > 0 ? pair.slice(0, i).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
      env.problem(variable, raw, `malformed header ${JSON.stringify(pair.split('=')[0])} (expected key=value pairs separated by commas)`, 'skipping it');
      continue;
    }
    let value = pair.slice(i + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      env.problem(variable, raw, `header ${key} is not URL-encoded correctly`, 'using it as written');
    }
    out[key.toLowerCase()] = value;
  }
  return out;
}

function checkUrl(env: EnvReader, variable: string, url: string, protocol: OtlpProtocol, signal: Signal, perSignal: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    env.problem(variable, url, 'not a valid URL', 'ignoring it');
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    env.problem(variable, url, `unsupported scheme ${u.protocol} (expected http: or https:)`, 'ignoring it');
    return undefined;
  }
  const grpc = protocol === 'grpc';
  if (!grpc && u.port === '4317') {
    env.problem(variable, url, `port 4317 is OTLP/gRPC but the protocol is ${protocol} (OTLP/HTTP listens on 4318)`, 'using the URL as given; set OTEL_EXPORTER_OTLP_PROTOCOL=grpc or use port 4318');
  } else if (grpc && u.port === '4318') {
    env.problem(variable, url, 'port 4318 is OTLP/HTTP but the protocol is grpc (OTLP/gRPC listens on 4317)', 'using the URL as given; set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf or use port 4317');
  }
  if (perSignal && !grpc) {
    const path = SIGNAL_PATH[signal];
    const trimmed = url.replace(/\/+$/, '');
    if (trimmed.endsWith(path + path)) {
      const fixed = trimmed.slice(0, -path.length);
      env.problem(variable, url, `the URL repeats ${path}`, `using ${fixed}`);
      return fixed;
    }
  }
  if (grpc || perSignal) return url;
  const base = url.replace(/\/+$/, '');
  const path = SIGNAL_PATH[signal];
  const doubled = Object.values(SIGNAL_PATH).find((p) => base.endsWith(p));
  if (doubled) {
    const fixed = base.slice(0, -doubled.length) + path;
    env.problem(variable, url, `the base endpoint already ends with ${doubled} but Sightline appends /v1/<signal> itself (set a per-signal OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT to give a full URL)`, `using ${base.slice(0, -doubled.length)} as the base`);
    return fixed;
  }
  return base + path;
}

export interface OtlpDefaults {
  source: string;
  url?: string;
  protocol?: OtlpProtocol;
  headers?: Record<string, string>;
  /** False for a vendor preset that shares the signal with other targets: OTEL_* endpoint, protocol and headers then stay with the others, so one vendor's credentials never reach another. */
  overrides?: boolean;
}

/**
 * Resolves one OTLP target for a signal following the OTLP exporter spec: the per-signal endpoint is
 * used as is, the generic one gets `/v1/<signal>` appended (HTTP only). OTEL_* values win over the
 * preset defaults passed in.
 */
export function resolveOtlpTarget(env: EnvReader, signal: Signal, defaults: OtlpDefaults): OtlpTarget | undefined {
  const S = signal.toUpperCase();
  if (defaults.overrides === false && defaults.url !== undefined) {
    const protocol = defaults.protocol ?? 'http/protobuf';
    const url = protocol === 'grpc' ? defaults.url : defaults.url.replace(/\/+$/, '') + SIGNAL_PATH[signal];
    return { ...common(env, S), kind: 'otlp', source: defaults.source, url, protocol, headers: { ...defaults.headers }, tls: {} };
  }
  const protocol = env.has(`OTEL_EXPORTER_OTLP_${S}_PROTOCOL`)
    ? env.oneOf(`OTEL_EXPORTER_OTLP_${S}_PROTOCOL`, PROTOCOLS, defaults.protocol ?? 'http/protobuf')
    : env.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS, defaults.protocol ?? 'http/protobuf');

  const perSignalVar = `OTEL_EXPORTER_OTLP_${S}_ENDPOINT`;
  let url: string | undefined;
  if (env.has(perSignalVar)) url = checkUrl(env, perSignalVar, env.string(perSignalVar)!, protocol, signal, true);
  if (url === undefined && env.has('OTEL_EXPORTER_OTLP_ENDPOINT')) {
    url = checkUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', env.string('OTEL_EXPORTER_OTLP_ENDPOINT')!, protocol, signal, false);
  }
  if (url === undefined && defaults.url !== undefined) {
    url = protocol === 'grpc' ? defaults.url : defaults.url.replace(/\/+$/, '') + SIGNAL_PATH[signal];
  }
  if (url === undefined) url = protocol === 'grpc' ? 'http://localhost:4317' : `http://localhost:4318${SIGNAL_PATH[signal]}`;

  const headers = { ...defaults.headers, ...parseHeaders(env, 'OTEL_EXPORTER_OTLP_HEADERS'), ...parseHeaders(env, `OTEL_EXPORTER_OTLP_${S}_HEADERS`) };
  return { ...common(env, S), kind: 'otlp', source: defaults.source, url, protocol, headers, tls: tlsSettings(env, S) };
}

/** One PEM file from the per-signal or the generic variable; unreadable files are problems. */
function pemFile(env: EnvReader, S: string, suffix: string): { file: string; pem: string } | undefined {
  const variable = env.has(`OTEL_EXPORTER_OTLP_${S}_${suffix}`) ? `OTEL_EXPORTER_OTLP_${S}_${suffix}` : `OTEL_EXPORTER_OTLP_${suffix}`;
  const file = env.string(variable);
  if (file === undefined) return undefined;
  try {
    return { file, pem: readFileSync(resolve(process.cwd(), file), 'utf8') };
  } catch (err) {
    env.problem(variable, file, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'not using it');
    return undefined;
  }
}

/** CA and client certificate for an OTLP target, from OTEL_EXPORTER_OTLP_[<SIGNAL>_]CERTIFICATE/CLIENT_*. */
function tlsSettings(env: EnvReader, S: string): TlsSettings {
  const tls: TlsSettings = {};
  const ca = pemFile(env, S, 'CERTIFICATE');
  if (ca) tls.ca = ca;
  const cert = pemFile(env, S, 'CLIENT_CERTIFICATE');
  const key = pemFile(env, S, 'CLIENT_KEY');
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE' : 'OTEL_EXPORTER_OTLP_CLIENT_KEY';
    env.problem(missing, undefined, 'a client certificate needs both the certificate and the key', 'not using a client certificate');
  } else if (cert && key) {
    tls.cert = cert;
    tls.key = key;
  }
  return tls;
}

function common(env: EnvReader, S: string): Pick<OtlpTarget, 'timeoutMillis' | 'compression'> {
  const timeoutVar = env.has(`OTEL_EXPORTER_OTLP_${S}_TIMEOUT`) ? `OTEL_EXPORTER_OTLP_${S}_TIMEOUT` : 'OTEL_EXPORTER_OTLP_TIMEOUT';
  const compressionVar = env.has(`OTEL_EXPORTER_OTLP_${S}_COMPRESSION`) ? `OTEL_EXPORTER_OTLP_${S}_COMPRESSION` : 'OTEL_EXPORTER_OTLP_COMPRESSION';
  return {
    timeoutMillis: env.number(timeoutVar, 10_000, { min: 1 }),
    compression: env.oneOf(compressionVar, ['gzip', 'none'] as const, 'none'),
  };
}
