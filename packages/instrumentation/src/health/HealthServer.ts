import dc from 'node:diagnostics_channel';
import { IncomingMessage, createServer, type Server } from 'node:http';
import { writeLine } from '../sdk/stderr.js';
import { handleProbe } from './handle-probe.js';
import type { HealthMonitor } from './HealthMonitor.js';

/** Marks requests to the probe port, so the HTTP instrumentation skips them before any work. */
export const PROBE_REQUEST = Symbol.for('sightline.health.probe-request');

class ProbeRequest extends IncomingMessage {}
Object.defineProperty(ProbeRequest.prototype, PROBE_REQUEST, { value: true });

export function isProbeRequest(req: IncomingMessage): boolean {
  return (req as { [PROBE_REQUEST]?: boolean })[PROBE_REQUEST] === true;
}

/**
 * The probe port (`SIGHTLINE_HEALTH_PORT`): its own small server, unref'd so it never keeps the
 * process alive, answering with `connection: close` so no idle socket does either. A port that
 * cannot be bound is reported once; the app keeps running.
 */
export class HealthServer {
  readonly server: Server;

  constructor(monitor: HealthMonitor) {
    this.server = createServer({ IncomingMessage: ProbeRequest }, (req, res) => {
      try {
        if (!handleProbe(monitor, req, res, { connection: 'close' })) {
          res.writeHead(404, { 'content-type': 'text/plain', connection: 'close' }).end('not found\n');
        }
      } catch (err) {
        writeLine(`health endpoint error: ${(err as Error)?.message ?? String(err)}`);
        if (!res.headersSent) res.writeHead(500, { connection: 'close' });
        res.end();
      }
    });
    this.server.on('error', (err: NodeJS.ErrnoException) => {
      writeLine(`health endpoints are off: cannot listen (${err.code ?? err.message})`);
    });
    this.explainPortClash();
  }

  /** Resolves with the bound address, or undefined when the port could not be bound. */
  listen(port: number, host: string | undefined): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.server.once('error', () => resolve(undefined));
      this.server.listen({ port, host }, () => {
        const a = this.server.address();
        resolve(typeof a === 'object' && a !== null ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : String(a));
      });
      this.server.unref();
    });
  }

  /** The app failing to listen on the probe port gets a line saying why (its own error still decides). */
  private explainPortClash(): void {
    dc.subscribe('tracing:net.server.listen:error', (message) => {
      const { server, error } = message as { server?: unknown; error?: { code?: string; port?: number } };
      const bound = (this.server.address() as { port?: number } | null)?.port;
      if (server !== this.server && error?.code === 'EADDRINUSE' && bound !== undefined && error.port === bound) {
        writeLine(`the app cannot listen on port ${bound}: SIGHTLINE_HEALTH_PORT uses it (choose another, or serve the probes on the app's port with mountHealth())`);
      }
    });
  }

  close(): void {
    this.server.close();
  }
}
