import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver, type ReceivedRequest } from '@sightline/tests/otlp-receiver';
import { PACKAGE_ROOT, startApp, type RunningApp } from '../helpers/app.js';

// Axiom, Grafana Cloud and Sentry cannot be reached from here: HTTPS stand-ins check the wire instead.
// The collector is served with its own self-signed certificate (trusted only through
// OTEL_EXPORTER_OTLP_CERTIFICATE) and asks for a client certificate; the vendors' stand-ins use another
// certificate, trusted through NODE_EXTRA_CA_CERTS like a public CA. A collector CA that leaked to a
// vendor would replace the trusted roots and break that connection; a leaked client certificate or
// header shows up in what the vendor received.

type Destination = 'collector' | 'axiom' | 'grafana-cloud' | 'sentry';
const DESTINATIONS: Destination[] = ['collector', 'axiom', 'grafana-cloud', 'sentry'];
const PAIRS = DESTINATIONS.flatMap((a, i) => DESTINATIONS.slice(i + 1).map((b) => [a, b] as [Destination, Destination]));
const SECRETS = ['coll-s3cret-value', 'xaat-axiom-token-1', 'glc_grafana_token', 'sentrypublickey1'];
/** Headers any HTTP client sends; everything else at a receiver must be what Sightline says it sends. */
const TRANSPORT_HEADERS = new Set(['host', 'content-type', 'content-length', 'user-agent', 'connection', 'accept', 'accept-encoding', 'content-encoding', 'keep-alive', 'transfer-encoding', 'accept-language', 'sec-fetch-mode']);

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sightline-tls-'));
let collectorTls: { key: string; cert: string };
let vendorTls: { key: string; cert: string };
let client: { key: string; cert: string };

beforeAll(async () => {
  // Self-signed certificates that are their own trust anchors (the receivers trust the client's).
  type Extensions = NonNullable<NonNullable<Parameters<typeof generate>[1]>['extensions']>;
  const usage: Extensions = [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true }];
  const server: Extensions = [...usage, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }];
  const [c, v, k] = await Promise.all([
    generate([{ name: 'commonName', value: 'collector.test' }], { keySize: 2048, extensions: [...server] }),
    generate([{ name: 'commonName', value: 'vendor.test' }], { keySize: 2048, extensions: [...server] }),
    generate([{ name: 'commonName', value: 'app.test' }], { keySize: 2048, extensions: [...usage, { name: 'extKeyUsage', clientAuth: true }] }),
  ]);
  collectorTls = { key: c.private, cert: c.cert };
  vendorTls = { key: v.private, cert: v.cert };
  client = { key: k.private, cert: k.cert };
  for (const [name, pem] of [['collector-ca.pem', c.cert], ['vendor-ca.pem', v.cert], ['client.pem', k.cert], ['client-key.pem', k.private]] as const) {
    writeFileSync(join(dir, name), pem);
  }
}, 60_000);

interface Target { url: string; headers: string[]; tls: string }

/** `traces -> <source> <url> (<protocol>, headers: a b, tls: ...) + ...`: what the startup line says per signal. */
function parseStartupLine(stderr: string): Record<string, Target[]> {
  const line = stderr.split('\n').find((l) => l.startsWith('sightline: service='))!;
  const out: Record<string, Target[]> = {};
  for (const part of line.split(' | ')) {
    const m = /^(traces|metrics|logs) -> (.*)$/.exec(part);
    if (!m) continue;
    out[m[1]!] = m[2]!.split(' + ').map((t) => {
      const [, url, details] = /(\S+) \(([^)]*)\)$/.exec(t)!;
      return { url: url!, headers: (/headers: ([^,]+)/.exec(details!)?.[1] ?? '').split(' ').filter(Boolean).sort(), tls: /tls: (.*)$/.exec(details!)?.[1] ?? '' };
    });
  }
  return out;
}

const ownHeaders = (r: ReceivedRequest): string[] => Object.keys(r.headers).filter((h) => !TRANSPORT_HEADERS.has(h)).sort();

describe('credentials never cross destinations (headers and TLS, on the wire)', () => {
  const receivers: OtlpReceiver[] = [];
  let app: RunningApp | undefined;
  afterEach(async () => {
    app?.child.kill('SIGKILL');
    app = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
  });

  it.each(PAIRS)('%s + %s', async (a, b) => {
    const pair = [a, b];
    const at: Partial<Record<Destination, OtlpReceiver>> = {};
    const env: NodeJS.ProcessEnv = {
      NODE_EXTRA_CA_CERTS: join(dir, 'vendor-ca.pem'),
      // A shared environment: the collector's header is set whichever destinations are chosen.
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-secret=coll-s3cret-value',
    };
    for (const d of pair) {
      const r = await new OtlpReceiver({ tls: d === 'collector' ? { ...collectorTls, ca: client.cert, requestCert: true } : { ...vendorTls, requestCert: true } }).start();
      receivers.push(r);
      at[d] = r;
    }
    if (at.collector) {
      Object.assign(env, {
        SIGHTLINE_COLLECTOR_URL: at.collector.url,
        OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'collector-ca.pem'),
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(dir, 'client.pem'),
        OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'client-key.pem'),
      });
    }
    if (at.axiom) Object.assign(env, { AXIOM_URL: at.axiom.url, AXIOM_TOKEN: 'xaat-axiom-token-1', AXIOM_ORG_ID: 'acme', AXIOM_DATASET: 'ds', AXIOM_METRICS_DATASET: 'mds' });
    if (at['grafana-cloud']) Object.assign(env, { GRAFANA_CLOUD_OTLP_ENDPOINT: `${at['grafana-cloud'].url}/otlp`, GRAFANA_CLOUD_INSTANCE_ID: '1234', GRAFANA_CLOUD_API_TOKEN: 'glc_grafana_token' });
    if (at.sentry) env.SENTRY_DSN = `https://sentrypublickey1@127.0.0.1:${at.sentry.port}/1`;
    const presets = pair.filter((d) => d !== 'sentry');
    if (presets.length > 0) env.SIGHTLINE_BACKENDS = presets.join(',');

    app = await startApp('server.mjs', { env });
    await app.get('/call');
    for (const d of pair) {
      const r = at[d]!;
      const signals = d === 'sentry' ? ['traces'] : ['traces', 'metrics'];
      await r.waitFor(`${signals.join(' and ')} at ${d}`, () => signals.every((s) => r.requests.some((q) => q.signal === s)));
    }

    const said = parseStartupLine(app.stderr());
    for (const d of pair) {
      const r = at[d]!;
      for (const req of r.requests) {
        const target = said[req.signal]!.find((t) => t.url.startsWith(r.url));
        expect(target, `${d} ${req.signal} is in the startup line`).toBeDefined();
        // Exactly the headers the startup line names, no others.
        expect(ownHeaders(req), `${d} ${req.signal} headers`).toEqual(target!.headers);
        // A client certificate exactly where the startup line says one is used.
        expect(req.clientCert !== undefined, `${d} ${req.signal} client certificate`).toBe(target!.tls.includes('client'));
      }
    }

    // What each destination must (and must not) have been given.
    const only = (d: Destination, header: string, value?: string) => {
      for (const other of pair) {
        for (const req of at[other]!.requests) {
          if (other === d) { if (value !== undefined) expect(req.headers[header]).toBe(value); }
          else expect(req.headers[header], `${header} reached ${other}`).toBeUndefined();
        }
      }
    };
    const vendors = pair.filter((d) => d !== 'collector' && d !== 'sentry');
    // OTEL_EXPORTER_OTLP_* belong to the collector when it is there, to a lone vendor preset otherwise, never to Sentry.
    const otelOwner = pair.includes('collector') ? 'collector' : vendors.length === 1 ? vendors[0] : undefined;
    if (otelOwner) only(otelOwner, 'x-collector-secret', 'coll-s3cret-value');
    else for (const d of pair) for (const req of at[d]!.requests) expect(req.headers['x-collector-secret']).toBeUndefined();
    if (at.axiom) only('axiom', 'x-axiom-org-id', 'acme');
    if (at.sentry) only('sentry', 'x-sentry-auth', 'sentry sentry_key=sentrypublickey1');
    for (const d of pair) {
      for (const req of at[d]!.requests) {
        const auth = req.headers.authorization;
        if (d === 'axiom') expect(auth).toBe('Bearer xaat-axiom-token-1');
        else if (d === 'grafana-cloud') expect(auth).toBe(`Basic ${Buffer.from('1234:glc_grafana_token').toString('base64')}`);
        else expect(auth, `authorization reached ${d}`).toBeUndefined();
      }
    }
    if (at.collector) expect(at.collector.requests.every((q) => q.clientCert !== undefined)).toBe(true);
    for (const d of pair.filter((x) => x !== 'collector')) expect(at[d]!.requests.every((q) => q.clientCert === undefined), `client cert reached ${d}`).toBe(true);

    // `sightline check` describes the same targets with the same header names and TLS files, and no secret.
    const { stdout } = await exec(process.execPath, [join(PACKAGE_ROOT, 'bin/sightline.js'), 'check'], { env: { PATH: process.env.PATH, ...env } }).catch((e: { stdout: string }) => e);
    for (const targets of Object.values(said)) {
      for (const t of targets) {
        const line = stdout.split('\n').find((l) => l.includes(`${t.url} [`))!;
        expect(line, `check shows ${t.url}`).toBeDefined();
        const headers = [...(/headers ([^\]]*?)(?:, tls: |\]$)/.exec(line)?.[1] ?? '').matchAll(/([a-z0-9-]+): /g)].map((m) => m[1]!).sort();
        expect(headers, `check headers of ${t.url}`).toEqual(t.headers);
        if (t.tls) expect(line).toContain(`tls: ${t.tls}`);
      }
    }
    for (const text of [app.stderr(), app.stdout(), stdout]) for (const s of SECRETS) expect(text).not.toContain(s);
  }, 60_000);

  it('gRPC: the exporter gets exactly the resolved CA and client certificate (mutual TLS)', async () => {
    const { OtlpGrpcReceiver } = await import('@sightline/tests/otlp-grpc-receiver');
    const store = new OtlpReceiver();
    const grpc = await new OtlpGrpcReceiver(store, { ...collectorTls, ca: client.cert }).start();
    try {
      app = await startApp('server.mjs', {
        env: {
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_EXPORTER_OTLP_ENDPOINT: grpc.url,
          OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-secret=coll-s3cret-value',
          OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'collector-ca.pem'),
          OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(dir, 'client.pem'),
          OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'client-key.pem'),
        },
      });
      await app.get('/call');
      await store.waitFor('traces and metrics over gRPC with TLS', () => store.spans.length > 0 && store.metrics.length > 0);
      expect(store.requests.every((r) => r.encoding === 'grpc' && r.headers['x-collector-secret'] === 'coll-s3cret-value')).toBe(true);
      expect(app.stderr()).toContain(`traces -> ${grpc.url} (grpc, headers: x-collector-secret, tls: ca ${join(dir, 'collector-ca.pem')}, client ${join(dir, 'client.pem')})`);
    } finally {
      await grpc.stop();
    }
  });

  it('sightline check --probe reaches a TLS collector with the same CA and client certificate', async () => {
    const r = await new OtlpReceiver({ tls: { ...collectorTls, ca: client.cert, requestCert: true } }).start();
    receivers.push(r);
    const env = {
      PATH: process.env.PATH,
      SIGHTLINE_BACKENDS: 'collector',
      SIGHTLINE_COLLECTOR_URL: r.url,
      OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'collector-ca.pem'),
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(dir, 'client.pem'),
      OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'client-key.pem'),
    };
    const { stdout } = await exec(process.execPath, [join(PACKAGE_ROOT, 'bin/sightline.js'), 'check', '--probe'], { env }).catch((e: { stdout: string }) => e);
    for (const s of ['traces', 'metrics', 'logs']) expect(stdout).toMatch(new RegExp(`probe ${s} ${r.url}/v1/${s}: ok \\(HTTP 200`));
    expect(r.requests.every((q) => q.clientCert !== undefined)).toBe(true);
  });
});
