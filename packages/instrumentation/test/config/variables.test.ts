import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FALSE_WORDS as PINO_FALSE, TRUE_WORDS as PINO_TRUE } from '../../../pino/src/env.js';
import { FALSE_WORDS, TRUE_WORDS } from '../../src/config/EnvReader.js';
import { formatProblem } from '../../src/config/Problem.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { closestName, editDistance } from '../../src/config/unknown-variables.js';
import { VARIABLES } from '../../src/config/variables.js';
import { DEFAULT_IGNORE_PATHS } from '../../src/http/ignore-paths.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const lines = (env: NodeJS.ProcessEnv) => resolveConfig(env).problems.map(formatProblem);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('one true/false grammar', () => {
  it.each([...TRUE_WORDS.map((w) => [w, true]), ...FALSE_WORDS.map((w) => [w, false])] as Array<[string, boolean]>)('%s is %s for every boolean variable, in any case', (word, value) => {
    for (const w of [word, word.toUpperCase()]) {
      const c = resolveConfig({ SIGHTLINE_STRICT: w, OTEL_SDK_DISABLED: w, SIGHTLINE_PINO_REDACT: w, SIGHTLINE_PINO_SUPPRESS_IGNORED: w });
      expect(c.problems).toEqual([]);
      expect([c.strict, c.disabled, c.pino.redaction !== false, c.pino.suppressIgnoredRequests]).toEqual([value, value, value, value]);
    }
  });

  it('anything else is a problem naming the variable, the value and the fallback', () => {
    expect(lines({ SIGHTLINE_PINO_REDACT: 'maybe' })).toEqual(['SIGHTLINE_PINO_REDACT="maybe": expected one of true/1/yes/on or false/0/no/off; using true']);
  });

  it('@sightline/pino, used without the preload, reads the same words', () => {
    expect(PINO_TRUE).toEqual(TRUE_WORDS);
    expect(PINO_FALSE).toEqual(FALSE_WORDS);
  });

  it('SIGHTLINE_PINO_REDACT=0 turns off log and span redaction alike (one policy object)', () => {
    expect(resolveConfig({ SIGHTLINE_PINO_REDACT: '0' }).pino.redaction).toBe(false);
    const on = resolveConfig({ SIGHTLINE_PINO_REDACT_KEYS: 'ssn' }).pino.redaction;
    expect(on !== false && on.isSensitiveKey('user.ssn')).toBe(true);
  });
});

describe('one problem list for all three packages', () => {
  it('pino and processors variables are checked with the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'rules.json'), '{"not": "rules"}');
    const c = resolveConfig({
      SIGHTLINE_PINO_EXPORT: 'sometimes', SIGHTLINE_PINO_SAMPLE_ROUTES: '/poll=2',
      SIGHTLINE_PROCESSORS: 'business,bogus', SIGHTLINE_BUSINESS_CARDINALITY_LIMIT: 'many', SIGHTLINE_BUSINESS_RULES: join(dir, 'rules.json'),
    });
    expect(c.problems.map((p) => p.variable).sort()).toEqual([
      'SIGHTLINE_BUSINESS_CARDINALITY_LIMIT', 'SIGHTLINE_BUSINESS_RULES', 'SIGHTLINE_PINO_EXPORT', 'SIGHTLINE_PINO_SAMPLE_ROUTES', 'SIGHTLINE_PROCESSORS',
    ]);
    expect(c.processors).toMatchObject({ circuitBreaker: false, business: true, serviceGraph: false, job: false, rules: [], cardinalityLimit: 100 });
    expect(c.pino.logExport).toBe('auto');
  });

  it('a valid rules file is loaded once, here, and handed to the processors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify([{ metric: 'orders', match: { span: 'checkout' } }]));
    const c = resolveConfig({ SIGHTLINE_BUSINESS_RULES: join(dir, 'rules.json') });
    expect(c.problems.map(formatProblem)).toEqual([]);
    expect(c.processors.rules.map((r) => r.metric)).toEqual(['orders']);
  });
});

describe('misspelled and unknown names', () => {
  it.each([
    ['SIGHTLINE_BACKEND', 'axiom', 'SIGHTLINE_BACKENDS'],
    ['SIGHTLINE_IGNORE_PATH', '/x', 'SIGHTLINE_IGNORE_PATHS'],
    ['OTEL_EXPORTER_OTLP_ENDPIONT', 'http://c:4318', 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    ['OTEL_SERVCE_NAME', 'shop', 'OTEL_SERVICE_NAME'],
    ['AXIOM_TOKN', 'xaat-1', 'AXIOM_TOKEN'],
    ['SIGHTLINE_PINO_REDACT_KEY', 'ssn', 'SIGHTLINE_PINO_REDACT_KEYS'],
  ])('%s gets "did you mean %s"', (name, value, suggestion) => {
    expect(lines({ [name]: value })).toEqual([`${name}: ${name.startsWith('SIGHTLINE_') ? 'unknown variable' : 'not a variable Sightline knows'}; did you mean ${suggestion}?; ignoring it`]);
  });

  it('an unknown SIGHTLINE_ name without a near miss is still reported; other OTEL_ names are left to their SDKs', () => {
    expect(lines({ SIGHTLINE_WHATEVER_ELSE: '1', OTEL_SEMCONV_STABILITY_OPT_IN: 'http', OTEL_SOMETHING_NEW: '1', NODE_ENV: 'production' }))
      .toEqual(['SIGHTLINE_WHATEVER_ELSE: unknown variable (see the README\'s variable table); ignoring it']);
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('ENDPIONT', 'ENDPOINT')).toBe(1);
    expect(closestName('SIGHTLINE_SRTICT', VARIABLES.map((v) => v.name))).toBe('SIGHTLINE_STRICT');
  });

  it('old names still work, with a deprecation problem', () => {
    const c = resolveConfig({ SIGHTLINE_BACKENDS: 'axiom', SIGHTLINE_AXIOM_TOKEN: 'xaat-old-token-1', AXIOM_DATASET: 'd', AXIOM_METRICS_DATASET: 'm', AXIOM_DOMAIN: 'api.eu.axiom.co' });
    expect(c.problems.map(formatProblem)).toEqual([
      'SIGHTLINE_AXIOM_TOKEN="xaat****": deprecated name; use AXIOM_TOKEN; using it as AXIOM_TOKEN',
      'AXIOM_DOMAIN="api.eu.axiom.co": deprecated name; use AXIOM_URL; using it as AXIOM_URL',
    ]);
    expect(c.exporters.traces[0]).toMatchObject({ url: 'https://api.eu.axiom.co/v1/traces', headers: { authorization: 'Bearer xaat-old-token-1' } });
  });
});

describe('settings that used to pass silently', () => {
  it('a per-signal endpoint that repeats its suffix', () => {
    const c = resolveConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://host:4318/v1/traces/v1/traces' });
    expect(c.problems.map(formatProblem)).toEqual(['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://host:4318/v1/traces/v1/traces": the URL repeats /v1/traces; using http://host:4318/v1/traces']);
    expect((c.exporters.traces[0] as { url: string }).url).toBe('http://host:4318/v1/traces');
  });

  it('SIGHTLINE_IGNORE_PATHS that is not a path list', () => {
    const c = resolveConfig({ SIGHTLINE_IGNORE_PATHS: '[[[' });
    expect(c.problems.map(formatProblem)).toEqual([`SIGHTLINE_IGNORE_PATHS="[[[": "[[[" is not a path (expected comma-separated paths starting with /, * matching any characters); using the defaults ${DEFAULT_IGNORE_PATHS.join(',')}`]);
    expect(c.ignorePaths).toEqual(DEFAULT_IGNORE_PATHS);
    expect(resolveConfig({ SIGHTLINE_IGNORE_PATHS: '/ping,health' }).ignorePaths).toEqual(['/ping']);
  });
});

describe('the registry', () => {
  const registered = new Set(VARIABLES.map((v) => v.name));

  it('holds every variable name the three packages read', () => {
    const read = new Set<string>();
    for (const pkg of ['instrumentation', 'pino', 'processors']) {
      for (const file of sourceFiles(join(REPO, 'packages', pkg, 'src')).filter((f) => !f.endsWith('variables.ts'))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/['"`]((?:SIGHTLINE|OTEL|AXIOM|GRAFANA_CLOUD|SENTRY)_[A-Z0-9_]*[A-Z0-9])['"`]/g)) read.add(m[1]!);
      }
    }
    // A name may also be the prefix of a family (`OTEL_BSP` + `_SCHEDULE_DELAY`).
    expect([...read].filter((n) => !registered.has(n) && !VARIABLES.some((v) => v.name.startsWith(`${n}_`)))).toEqual([]);
  });

  it('holds exactly the SIGHTLINE_ and AXIOM_ variables the collector\'s configs and scripts use', () => {
    const yamlFiles = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [p] : [];
    });
    const files = [...yamlFiles(join(REPO, 'collector/config')), join(REPO, 'collector/scripts/run.sh'), join(REPO, 'collector/scripts/build.sh')];
    const used = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\b((?:SIGHTLINE|AXIOM)_[A-Z0-9_]*[A-Z0-9])\b/g)) used.add(m[1]!);
    const collector = VARIABLES.filter((v) => v.owner === 'collector').map((v) => v.name);
    const shared = ['AXIOM_TOKEN', 'AXIOM_ORG_ID', 'AXIOM_DATASET', 'AXIOM_METRICS_DATASET', 'AXIOM_URL'];
    expect([...used].filter((n) => !registered.has(n))).toEqual([]);
    expect(collector.filter((n) => !used.has(n))).toEqual([]);
    expect(shared.filter((n) => !used.has(n))).toEqual([]);
  });

  it.each([
    ['instrumentation', 'packages/instrumentation/README.md'],
    ['pino', 'packages/pino/README.md'],
    ['processors', 'packages/processors/README.md'],
    ['collector', 'collector/README.md'],
  ])('every %s variable is in the table of %s', (owner, readme) => {
    const text = readFileSync(join(REPO, readme), 'utf8');
    const documented = (name: string): boolean => {
      if (text.includes(`\`${name}\``)) return true;
      const generic = name.replace(/_(TRACES|METRICS|LOGS)_/, '_<SIGNAL>_');
      const suffix = generic.replace(/^OTEL_EXPORTER_OTLP_/, '..._');
      const capture = name.replace(/^OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_(?!SERVER_REQUEST)/, '..._');
      return [generic, suffix, capture].some((n) => text.includes(`\`${n}\``));
    };
    expect(VARIABLES.filter((v) => v.owner === owner && v.replacedBy === undefined).map((v) => v.name).filter((n) => !documented(n))).toEqual([]);
  });

  it('every variable in the instrumentation README\'s tables is registered', () => {
    const text = readFileSync(join(REPO, 'packages/instrumentation/README.md'), 'utf8');
    const names = [...text.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((n) => !registered.has(n))).toEqual([]);
  });
});
