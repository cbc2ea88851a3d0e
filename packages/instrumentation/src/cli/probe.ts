import { connect } from 'node:net';
import type { OtlpTarget } from '../config/SightlineConfig.js';

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

/** Sends an empty OTLP export (a valid, zero-item request) and reports the answer. */
export async function probeTarget(t: OtlpTarget, timeoutMs = 5000): Promise<ProbeResult> {
  if (t.protocol === 'grpc') return probeTcp(t.url, timeoutMs);
  const json = t.protocol === 'http/json';
  const started = Date.now();
  try {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { ...t.headers, 'content-type': json ? 'application/json' : 'application/x-protobuf' },
      body: json ? '{}' : new Uint8Array(0),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await res.text()).slice(0, 200).replace(/\s+/g, ' ');
    const detail = `HTTP ${res.status} in ${Date.now() - started} ms${res.ok || !text ? '' : `: ${text}`}`;
    return { ok: res.ok, detail };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { ok: false, detail: `no answer: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
  }
}

function probeTcp(url: string, timeoutMs: number): Promise<ProbeResult> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)), timeout: timeoutMs });
    socket.once('connect', () => { socket.destroy(); resolve({ ok: true, detail: 'TCP connect ok (gRPC endpoint reachable)' }); });
    socket.once('timeout', () => { socket.destroy(); resolve({ ok: false, detail: 'TCP connect timed out' }); });
    socket.once('error', (err: Error & { code?: string }) => resolve({ ok: false, detail: `no answer: ${err.code ?? err.message}` }));
  });
}
