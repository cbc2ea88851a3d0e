import { redactUrl } from '../config/redact.js';
import { SIGNALS, type MetricTarget, type OtlpTarget, type SightlineConfig } from '../config/SightlineConfig.js';
import { describeSampler } from './create-sampler.js';

/** `tls: ca ca.pem, client cert.pem` when the target has its own PEM files; '' otherwise. */
export function describeTls(t: OtlpTarget): string {
  const parts = [t.tls.ca ? `ca ${t.tls.ca.file}` : '', t.tls.cert ? `client ${t.tls.cert.file}` : ''].filter((p) => p !== '');
  return parts.length ? `tls: ${parts.join(', ')}` : '';
}

function describeTarget(t: MetricTarget): string {
  if (t.kind === 'console') return 'console';
  if (t.kind === 'prometheus') return `prometheus http://${t.host}:${t.port}/metrics`;
  const headers = Object.keys(t.headers);
  const details = [t.protocol, headers.length ? `headers: ${headers.join(' ')}` : '', describeTls(t)].filter((d) => d !== '');
  return `${t.source === 'otlp' ? '' : `${t.source} `}${redactUrl(t.url)} (${details.join(', ')})`;
}

/**
 * One line: service, where each signal goes, sampler, instrumentations (those created at start, then
 * those waiting for the app to load their package or call fetch). Header values never appear.
 */
export function startupLine(config: SightlineConfig, service: string, instrumentations: string[], onFirstUse: string[] = []): string {
  const signals = SIGNALS.map((s) => `${s} -> ${config.exporters[s].map(describeTarget).join(' + ') || 'none'}`);
  return `service=${service} | ${signals.join(' | ')} | sampler=${describeSampler(config.sampler)} | instrumentations=${instrumentations.join(',') || 'none'}${onFirstUse.length ? ` (on first use: ${onFirstUse.join(',')})` : ''}`;
}
