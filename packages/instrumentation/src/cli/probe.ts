import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { OtlpTarget } from '../config/SightlineConfig.js';

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

/**
 * Sends an empty OTLP export (a valid, zero-item request) and reports the answer, with exactly the
 * headers and TLS files the exporter for this target gets.
 */
export async function probeTarget(t: OtlpTarget, timeoutMs = 5000): Promise<ProbeResult> {
  if (t.protocol === 'grpc') return probeTcp(t.url, timeoutMs);
  const json = t.protocol === 'http/json';
  const started = Date.now();
  try {
    const res = await post(t, json ? '{}' : '', json ? 'application/json' : 'application/x-protobuf', timeoutMs);
    const ok = res.status >= 200 && res.status < 300;
    const text = res.text.slice(0, 200).replace(/\s+/g, ' ');
    return { ok, detail: `HTTP ${res.status} in ${Date.now() - started} ms${ok || !text ? '' : `: ${text}`}` };
  } catch (err) {
    const e = err as Error & { code?: string };
    return { ok: false, detail: `no answer: ${e.code ?? e.message}` };
  }
}

function post(t: OtlpTarget, body: string, contentType: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const https = t.url.startsWith('https:');
  const tls = https ? { ca: t.tls.ca?.pem, cert: t.tls.cert?.pem, key: t.tls.key?.pem } : {};
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(t.url, {
      method: 'POST', ...tls, timeout: timeoutMs,
      headers: { ...t.headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { if (text.length < 1000) text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
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
