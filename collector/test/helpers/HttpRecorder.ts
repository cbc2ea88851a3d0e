import { createServer, type Server } from 'node:http';

export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Stands in for a cloud webhook (Slack, PagerDuty): records every JSON POST and answers as they do. */
export class HttpRecorder {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;

  constructor(private readonly answers: Record<string, { status: number; body: string }> = {}) {}

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const path = req.url ?? '/';
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          // Kept as text: the assertion names what arrived.
        }
        this.requests.push({ path, headers: req.headers, body });
        const answer = this.answers[path] ?? { status: 200, body: 'ok' };
        res.writeHead(answer.status, { 'content-type': answer.body.startsWith('{') ? 'application/json' : 'text/plain' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  on(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
