import { redactUrl } from '../config/redact.js';
import { SIGNALS, type MetricTarget, type SightlineConfig } from '../config/SightlineConfig.js';
import { describeSampler } from './create-sampler.js';

function describeTarget(t: MetricTarget): string {
  if (t.kind === 'console') return 'console';
  if (t.kind === 'prometheus') return `prometheus http://${t.host}:${t.port}/metrics`;
  const headers = Object.keys(t.headers);
  return `${t.source === 'otlp' ? '' : `${t.source} `}${redactUrl(t.url)} (${t.protocol}${headers.length ? `, headers: ${headers.join(' ')}` : ''})`;
}

/** One line: service, where each signal goes, sampler, instrumentations. Header values never appear. */
export function startupLine(config: SightlineConfig, service: string, instrumentations: string[]): string {
  const signals = SIGNALS.map((s) => `${s} -> ${config.exporters[s].map(describeTarget).join(' + ') || 'none'}`);
  return `service=${service} | ${signals.join(' | ')} | sampler=${describeSampler(config.sampler)} | instrumentations=${instrumentations.join(',') || 'none'}`;
}
