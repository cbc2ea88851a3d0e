import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedLog { body?: string; traceId?: string; spanId?: string }

/** An OTLP/HTTP JSON logs receiver on 127.0.0.1:0 that keeps every log record it was sent. */
export async function startOtlpJsonReceiver(): Promise<{ url: string; logs: ReceivedLog[]; close(): Promise<void> }> {
  const logs: ReceivedLog[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/logs') {
        const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceLogs?: Array<{ scopeLogs?: Array<{ logRecords?: Array<{ body?: { stringValue?: string }; traceId?: string; spanId?: string }> }> }>;
        };
        for (const rl of payload.resourceLogs ?? [])
          for (const sl of rl.scopeLogs ?? [])
            for (const r of sl.logRecords ?? []) logs.push({ body: r.body?.stringValue, traceId: r.traceId, spanId: r.spanId });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/logs`, logs, close: () => new Promise((r) => server.close(() => r())) };
}
