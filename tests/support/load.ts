import { request, Agent } from 'node:http';

export interface LoadResult {
  requests: number;
  /** Requests that failed at the socket or answered anything but 200. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

function get(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Steady load: `concurrency` keep-alive clients each sending one request after the other for
 * `durationMs`. Latencies are figures to print, never to assert on (the machine is shared).
 */
export async function steadyLoad(
  port: number,
  path: (n: number) => string,
  durationMs: number,
  concurrency = 8,
  onAnswer?: (path: string, status: number, at: number) => void,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = Date.now() + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      const started = performance.now();
      const p = path(n++);
      const status = await get(agent, port, p);
      latencies.push(performance.now() - started);
      onAnswer?.(p, status, Date.now());
      if (status !== 200) errors++;
    }
  }));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
