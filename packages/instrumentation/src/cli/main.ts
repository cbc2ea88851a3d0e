import { formatProblem } from '../config/Problem.js';
import { redactHeaders, redactUrl } from '../config/redact.js';
import { resolveConfig } from '../config/resolve-config.js';
import { SIGNALS, type MetricTarget } from '../config/SightlineConfig.js';
import { describeHealth } from '../health/describe-health.js';
import { INSTRUMENTATION_NAMES, isInstrumentationEnabled, isResolvableFromApp } from '../instrumentations.js';
import { findAppPackage } from '../sdk/create-resource.js';
import { describeSampler } from '../sdk/create-sampler.js';
import { unsupportedNodeLine } from '../node-version.js';
import { describeTls } from '../sdk/startup-line.js';
import { safeLine } from '../sdk/stderr.js';
import { probeTarget } from './probe.js';

const USAGE = `usage: sightline check [--probe]
  Prints the configuration the preload would use with this environment, and every problem in it.
  --probe  also send an empty export to each OTLP endpoint and report the answer
Exit code: 0 when there is no problem, 1 otherwise, 2 on a usage error.`;

function describe(t: MetricTarget): string {
  if (t.kind === 'console') return 'console';
  if (t.kind === 'prometheus') return `prometheus scrape endpoint http://${t.host}:${t.port}/metrics`;
  const headers = Object.entries(redactHeaders(t.headers)).map(([k, v]) => `${k}: ${v}`).join(', ');
  const tls = describeTls(t);
  return `${redactUrl(t.url)} [${t.protocol}, from ${t.source}, timeout ${t.timeoutMillis} ms, compression ${t.compression}${headers ? `, headers ${headers}` : ''}${tls ? `, ${tls}` : ''}]`;
}

export async function main(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const [command, ...flags] = args;
  if (command !== 'check' || flags.some((f) => f !== '--probe')) {
    print(USAGE);
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  // From here on lines carry values from the environment: one physical line each, control characters escaped.
  const raw = print;
  print = (line) => raw(safeLine(line));
  const config = resolveConfig(env);
  const problems = config.problems.map(formatProblem);
  const unsupported = unsupportedNodeLine(process.versions.node);
  if (unsupported) problems.unshift(unsupported);
  print(`service:          ${config.serviceName ?? config.resourceAttributes['service.name'] ?? findAppPackage()?.name ?? 'unknown_service:node'}`);
  print(`node:             ${process.versions.node}${unsupported ? ' (not supported: telemetry is off)' : ''}`);
  print(`sdk:              ${unsupported ? 'off (unsupported Node.js)' : config.disabled ? 'disabled (OTEL_SDK_DISABLED)' : 'enabled'}`);
  for (const s of SIGNALS) {
    const targets = config.exporters[s];
    print(`${`${s}:`.padEnd(18)}${targets.length ? describe(targets[0]!) : 'none'}`);
    for (const t of targets.slice(1)) print(`${''.padEnd(18)}${describe(t)}`);
  }
  print(`sampler:          ${describeSampler(config.sampler)}`);
  print(`propagators:      ${config.propagators.join(', ') || 'none'}`);
  const enabled = INSTRUMENTATION_NAMES.filter((n) => isInstrumentationEnabled(n, config.enabledInstrumentations, config.disabledInstrumentations));
  print(`instrumentations: ${enabled.map((n) => (['express', 'fastify', 'pg', 'ioredis', 'pino'].includes(n) && !isResolvableFromApp(n) ? `${n} (not installed)` : n)).join(', ')}`);
  print(`ignored paths:    ${config.ignorePaths.join(', ') || 'none'}`);
  print(`shutdown timeout: ${config.shutdownTimeoutMs} ms`);
  print(`health probes:    ${describeHealth(config.health)}`);

  if (flags.includes('--probe')) {
    for (const s of SIGNALS) {
      for (const t of config.exporters[s]) {
        if (t.kind !== 'otlp') continue;
        const r = await probeTarget(t);
        print(`probe ${s} ${redactUrl(t.url)}: ${r.ok ? 'ok' : 'FAILED'} (${r.detail})`);
        if (!r.ok) problems.push(`probe ${s} ${redactUrl(t.url)}: ${r.detail}`);
      }
    }
  }
  print(problems.length ? `${problems.length} problem(s):` : 'no problems');
  for (const p of problems) print(`  - ${p}`);
  return problems.length ? 1 : 0;
}
