import { createServer, type IncomingMessage, type Server } from 'node:http';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';

export interface EnvelopeRequest { url: string; headers: IncomingMessage['headers']; header: any; items: Array<{ header: any; payload: any }> }

/**
 * A stand-in for Sentry's ingest (it cannot be reached from here): envelopes at
 * /api/<project>/envelope/ and OTLP traces at /api/<project>/integration/otlp/v1/traces, the latter
 * forwarded to an OtlpReceiver for decoding.
 */
export class SentryStandIn {
  readonly envelopes: EnvelopeRequest[] = [];
  readonly otlp = new OtlpReceiver();
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    await this.otlp.start();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks);
        if (req.url!.startsWith('/api/1/envelope/')) {
          const [header, ...rest] = body.toString('utf8').split('\n').filter((l) => l !== '');
          const items = [];
          for (let i = 0; i + 1 < rest.length; i += 2) items.push({ header: JSON.parse(rest[i]!), payload: JSON.parse(rest[i + 1]!) });
          this.envelopes.push({ url: req.url!, headers: req.headers, header: JSON.parse(header!), items });
          res.end('{}');
        } else if (req.url === '/api/1/integration/otlp/v1/traces') {
          const forwarded = await fetch(`${this.otlp.url}/v1/traces`, { method: 'POST', body, headers: { 'content-type': String(req.headers['content-type']), 'x-sentry-auth': String(req.headers['x-sentry-auth']) } });
          res.statusCode = forwarded.status;
          res.end();
        } else {
          res.statusCode = 404;
          res.end();
        }
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((ok) => this.server?.close(ok));
    await this.otlp.stop();
  }
}
