import type { OtlpTarget } from '../config/SightlineConfig.js';

export interface ParsedDsn {
  protocol: string;
  publicKey: string;
  host: string;
  port: string;
  path: string;
  projectId: string;
}

/** `https://<key>@<host>[:port]/[path/]<project>`; undefined when the DSN is not one. */
export function parseDsn(dsn: string): ParsedDsn | undefined {
  const m = /^(https?):\/\/([^:@/]+)(?::[^@/]*)?@([^:/]+)(?::(\d+))?\/(.*?)(\d+)\/?$/.exec(dsn);
  if (!m) return undefined;
  return { protocol: m[1]!, publicKey: m[2]!, host: m[3]!, port: m[4] ?? '', path: m[5]!.replace(/\/$/, ''), projectId: m[6]! };
}

function origin(d: ParsedDsn): string {
  return `${d.protocol}://${d.host}${d.port ? `:${d.port}` : ''}${d.path ? `/${d.path}` : ''}`;
}

/** Sentry's OTLP trace ingestion endpoint for a project, authenticated with the DSN's public key. */
export function sentryOtlpTraceTarget(d: ParsedDsn, timeoutMillis: number): OtlpTarget {
  return {
    kind: 'otlp',
    source: 'sentry',
    url: `${origin(d)}/api/${d.projectId}/integration/otlp/v1/traces`,
    protocol: 'http/protobuf',
    headers: { 'x-sentry-auth': `sentry sentry_key=${d.publicKey}` },
    tls: {},
    timeoutMillis,
    compression: 'none',
  };
}
