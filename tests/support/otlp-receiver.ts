import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { decodeProtobuf, type Signal } from './otlp-proto.js';

export interface ReceivedRequest {
  signal: Signal;
  path: string;
  headers: IncomingMessage['headers'];
  /** Fingerprint of the client certificate presented over TLS, if any. */
  clientCert?: string;
  encoding: 'protobuf' | 'json' | 'grpc';
  body: any;
}
export interface ReceivedSpan {
  traceId: string; spanId: string; parentSpanId: string; name: string; kind: number;
  attributes: Record<string, unknown>; status: { code?: number; message?: string };
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  resource: Record<string, unknown>; scope: string;
}
export interface ReceivedMetric {
  name: string; unit: string; resource: Record<string, unknown>; scope: string;
  /** OTLP AggregationTemporality of a sum or histogram: 1 delta, 2 cumulative (undefined for a gauge). */
  temporality?: number;
  points: Array<{ attributes: Record<string, unknown>; value?: number; count?: number; sum?: number; exemplars: any[] }>;
}
export interface ReceivedLog {
  body: unknown; severityText?: string; severityNumber?: number; traceId: string; spanId: string;
  attributes: Record<string, unknown>; resource: Record<string, unknown>;
}

export function anyValue(v: any): unknown {
  if (v == null) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(anyValue);
  if ('kvlistValue' in v) return attrs(v.kvlistValue.values);
  if ('bytesValue' in v) return v.bytesValue;
  return undefined;
}
export function attrs(list: any[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

const SIGNAL_BY_PATH: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

/**
 * How a misbehaving backend answers: `hang` never answers, `reset` destroys the connection while the
 * request body is arriving, `garbage` answers 200 with bytes that are not an OTLP response (the data is
 * kept: it did arrive). Connection refused is `stop()` then `start(samePort)`.
 */
export type OtlpFault = 'hang' | 'reset' | 'garbage';

export interface OtlpReceiverOptions {
  /** Status code to answer with (e.g. 503 to play a failing backend); default 200. */
  status?: number;
  /** Delay before answering, ms. */
  delayMs?: number;
  /** Sent as `Retry-After` (seconds) with a non-200 status, as a throttling backend does. */
  retryAfterSeconds?: number;
  fault?: OtlpFault;
  /** Port to listen on (default: a free one); a stopped receiver starts again on it (an outage). */
  port?: number;
  /** Serve HTTPS with this key and certificate (PEM). `requestCert` asks for a client certificate (recorded); with `ca` one signed by it is required. */
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
}

/**
 * An OTLP/HTTP receiver on 127.0.0.1 for tests: decodes http/protobuf and http/json (gzip too) and
 * keeps every request, span, metric point and log record it was sent.
 */
export class OtlpReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly spans: ReceivedSpan[] = [];
  readonly metrics: ReceivedMetric[] = [];
  readonly logs: ReceivedLog[] = [];
  private server: Server | undefined;
  port = 0;
  /** Requests answered with something other than 200, or not answered (hang, reset). */
  faulted = 0;

  constructor(public options: OtlpReceiverOptions = {}) {
    // Known before start() when fixed, so a collector can be pointed at a receiver that is still down.
    this.port = options.port ?? 0;
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async start(port = this.options.port ?? 0): Promise<this> {
    const tls = this.options.tls;
    // The options are read per request, so a test can change the fault while the app is running.
    const handler = (req: IncomingMessage, res: import('node:http').ServerResponse): void => {
      const chunks: Buffer[] = [];
      const fault = this.options.fault;
      if (fault === 'reset') {
        this.faulted++;
        req.once('data', () => req.socket.destroy());
        return;
      }
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (fault === 'hang') {
          this.faulted++;
          return;
        }
        const respond = (): void => {
          try {
            const status = this.options.status ?? 200;
            if (status === 200) this.record(req, Buffer.concat(chunks));
            else this.faulted++;
            if (fault === 'garbage') {
              res.writeHead(200, { 'content-type': String(req.headers['content-type'] ?? 'application/x-protobuf') });
              res.end(Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x7b, 0x22, 0xc3, 0x28, 0x0a, 0xff, 0xff, 0xff]));
              return;
            }
            res.statusCode = status;
            if (status !== 200 && this.options.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(this.options.retryAfterSeconds));
            res.setHeader('content-type', String(req.headers['content-type'] ?? 'application/json'));
            res.end(String(req.headers['content-type']).includes('json') ? '{}' : '');
          } catch (err) {
            res.statusCode = 400;
            res.end(String(err));
          }
        };
        if (this.options.delayMs) setTimeout(respond, this.options.delayMs);
        else respond();
      });
    };
    this.server = tls
      ? createTlsServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: tls.requestCert ?? false, rejectUnauthorized: tls.ca !== undefined }, handler)
      : createServer(handler);
    await new Promise<void>((ok) => this.server!.listen(port, '127.0.0.1', ok));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server!.close(() => ok()));
    this.server = undefined;
  }

  private record(req: IncomingMessage, raw: Buffer): void {
    const path = (req.url ?? '').split('?')[0]!;
    const signal = Object.entries(SIGNAL_BY_PATH).find(([p]) => path.endsWith(p))?.[1];
    if (!signal) throw new Error(`unexpected path ${path}`);
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const json = String(req.headers['content-type']).includes('json');
    const decoded = json ? JSON.parse(body.toString('utf8')) : decodeProtobuf(signal, body);
    const peer = (req.socket as TLSSocket).getPeerCertificate?.();
    const clientCert = peer && peer.fingerprint256 ? peer.fingerprint256 : undefined;
    this.ingest({ signal, path, headers: req.headers, clientCert, encoding: json ? 'json' : 'protobuf', body: decoded });
  }

  /** Stores one decoded export request (also used by the gRPC receiver). */
  ingest(request: ReceivedRequest): void {
    const { signal, body: decoded } = request;
    this.requests.push(request);
    if (signal === 'traces') this.addSpans(decoded);
    else if (signal === 'metrics') this.addMetrics(decoded);
    else this.addLogs(decoded);
  }

  private addSpans(body: any): void {
    for (const rs of body.resourceSpans ?? []) {
      const resource = attrs(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', name: s.name, kind: s.kind,
            attributes: attrs(s.attributes), status: s.status ?? {},
            events: (s.events ?? []).map((e: any) => ({ name: e.name, attributes: attrs(e.attributes) })),
            resource, scope: ss.scope?.name ?? '',
          });
        }
      }
    }
  }

  private addMetrics(body: any): void {
    for (const rm of body.resourceMetrics ?? []) {
      const resource = attrs(rm.resource?.attributes);
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const data = m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? {};
          const points = (data.dataPoints ?? []).map((p: any) => ({
            attributes: attrs(p.attributes),
            value: p.asDouble ?? (p.asInt !== undefined ? Number(p.asInt) : undefined),
            count: p.count !== undefined ? Number(p.count) : undefined,
            sum: p.sum,
            exemplars: p.exemplars ?? [],
          }));
          this.metrics.push({ name: m.name, unit: m.unit ?? '', resource, scope: sm.scope?.name ?? '', temporality: data.aggregationTemporality, points });
        }
      }
    }
  }

  private addLogs(body: any): void {
    for (const rl of body.resourceLogs ?? []) {
      const resource = attrs(rl.resource?.attributes);
      for (const sl of rl.scopeLogs ?? []) {
        for (const l of sl.logRecords ?? []) {
          this.logs.push({
            body: anyValue(l.body), severityText: l.severityText, severityNumber: l.severityNumber,
            traceId: l.traceId ?? '', spanId: l.spanId ?? '', attributes: attrs(l.attributes), resource,
          });
        }
      }
    }
  }

  /** Resolves when `predicate` holds, polling; rejects with `what` after the timeout. */
  async waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (spans=${this.spans.length}, metrics=${this.metrics.length}, logs=${this.logs.length})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
