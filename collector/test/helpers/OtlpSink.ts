import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { decodeLogs, decodeMetricNames, decodeTraces, type DecodedLog, type DecodedSpan } from './otlp-proto.ts';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A stand-in for an OTLP/HTTP backend (Tempo, Axiom): records every request, decodes protobuf bodies,
 * answers 200. Can be stopped and started again on the same port to simulate an outage.
 */
export class OtlpSink {
  readonly requests: ReceivedRequest[] = [];
  private server: Server | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        this.requests.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  requestsTo(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  spans(): DecodedSpan[] {
    return this.requestsTo('/v1/traces').flatMap((r) => decodeTraces(r.body));
  }

  logs(): DecodedLog[] {
    return this.requestsTo('/v1/logs').flatMap((r) => decodeLogs(r.body));
  }

  metricNames(): Set<string> {
    return new Set(this.requestsTo('/v1/metrics').flatMap((r) => decodeMetricNames(r.body)));
  }
}
