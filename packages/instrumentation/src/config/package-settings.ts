import { loadRulesFile, type BusinessRule, type ProcessorSettings } from '@sightline/processors';
import type { LogExportMode, SightlinePinoOptions } from '@sightline/pino';
import { RedactionPolicy } from '@sightline/pino/policy';
import type { EnvReader } from './EnvReader.js';

const EXPORT_MODES = ['auto', 'always', 'never', 'true', 'false'] as const;
const PROCESSORS = ['all', 'none', 'circuit_breaker', 'business', 'service_graph', 'job'];

/**
 * @sightline/pino's settings, read here so its variables share the grammar and the problem list.
 * The same policy object redacts spans (SpanRedactionProcessor), so one switch covers both.
 */
export function pinoSettings(env: EnvReader): SightlinePinoOptions & { redaction: RedactionPolicy | false } {
  const mode = env.oneOf('SIGHTLINE_PINO_EXPORT', EXPORT_MODES, 'auto');
  const logExport: LogExportMode = mode === 'true' ? 'always' : mode === 'false' ? 'never' : mode;
  const redaction = env.boolean('SIGHTLINE_PINO_REDACT', true)
    ? new RedactionPolicy({ keys: env.list('SIGHTLINE_PINO_REDACT_KEYS') ?? [], paths: env.list('SIGHTLINE_PINO_REDACT_PATHS') ?? [] })
    : false;
  const sampleRoutes = new Map<string, number>();
  for (const entry of env.list('SIGHTLINE_PINO_SAMPLE_ROUTES') ?? []) {
    const eq = entry.lastIndexOf('=');
    const ratio = eq > 0 ? Number(entry.slice(eq + 1)) : NaN;
    if (eq <= 0 || !(ratio >= 0 && ratio <= 1)) {
      env.problem('SIGHTLINE_PINO_SAMPLE_ROUTES', env.string('SIGHTLINE_PINO_SAMPLE_ROUTES'), `entry ${JSON.stringify(entry)} is not <path>=<ratio 0..1>`, 'skipping it');
      continue;
    }
    sampleRoutes.set(entry.slice(0, eq).trim(), ratio);
  }
  return {
    logExport,
    redaction,
    suppressIgnoredRequests: env.boolean('SIGHTLINE_PINO_SUPPRESS_IGNORED', true),
    sampleRoutes,
    otlpTransportPatterns: env.list('SIGHTLINE_PINO_OTLP_TRANSPORTS') ?? [],
  };
}

/** @sightline/processors' settings; the rules file is loaded (and checked) here, once. */
export function processorSettings(env: EnvReader): ProcessorSettings {
  const selected = (env.list('SIGHTLINE_PROCESSORS') ?? ['all']).map((s) => s.toLowerCase());
  const off = selected.some((s) => ['none', 'off', 'false', '0'].includes(s));
  for (const s of selected.filter((p) => !PROCESSORS.includes(p) && !['off', 'false', '0'].includes(p))) {
    env.problem('SIGHTLINE_PROCESSORS', selected.join(','), `unknown processor ${JSON.stringify(s)} (known: ${PROCESSORS.join(', ')})`, 'skipping it');
  }
  const rules: BusinessRule[] = [];
  const file = env.string('SIGHTLINE_BUSINESS_RULES');
  if (file !== undefined && !off) {
    try {
      rules.push(...loadRulesFile(file));
    } catch (err) {
      env.problem('SIGHTLINE_BUSINESS_RULES', file, (err as Error).message, 'no business rules from the file');
    }
  }
  return {
    circuitBreaker: !off && (selected.includes('all') || selected.includes('circuit_breaker')),
    business: !off && (selected.includes('all') || selected.includes('business')),
    serviceGraph: !off && (selected.includes('all') || selected.includes('service_graph')),
    job: !off && (selected.includes('all') || selected.includes('job')),
    rules,
    cardinalityLimit: env.number('SIGHTLINE_BUSINESS_CARDINALITY_LIMIT', 100, { min: 1, integer: true }),
  };
}
