import type { IncomingMessage, ServerResponse } from 'node:http';
import { probeForUrl } from './health-paths.js';
import type { HealthMonitor } from './HealthMonitor.js';

/**
 * Answers a probe request if its path is one of the probe paths; returns false (and touches nothing)
 * otherwise. Bodies are tiny except `/healthz`, whose JSON is the detailed view.
 */
export function handleProbe(monitor: HealthMonitor, req: IncomingMessage, res: ServerResponse, extraHeaders: Record<string, string> = {}): boolean {
  const probe = probeForUrl(req.url);
  if (probe === undefined) return false;
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...extraHeaders };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return true;
  }
  let ok: boolean;
  let body: string;
  if (probe === 'details') {
    const details = monitor.details();
    ok = details.status === 'ok';
    body = JSON.stringify(details);
    headers['content-type'] = 'application/json';
  } else {
    ok = probe === 'live' ? monitor.live() : probe === 'ready' ? monitor.ready() : monitor.started;
    body = ok ? 'ok\n' : 'unavailable\n';
    headers['content-type'] = 'text/plain';
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(ok ? 200 : 503, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
