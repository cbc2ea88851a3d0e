import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { BusinessMetricsSpanProcessor } from '../src/business/BusinessMetricsSpanProcessor.js';
import { CircuitBreakerSpanProcessor } from '../src/breaker/CircuitBreakerSpanProcessor.js';
import { loadRulesFile } from '../src/business/load-rules-file.js';
import { createSightlineProcessors } from '../src/create-sightline-processors.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('createSightlineProcessors', () => {
  it('returns every processor by default and loads YAML rules from SIGHTLINE_BUSINESS_RULES', () => {
    const warn = vi.fn();
    const [breakers, business, ...rest] = createSightlineProcessors({ env: { SIGHTLINE_BUSINESS_RULES: fixture('rules.yaml') }, warn });
    expect(breakers).toBeInstanceOf(CircuitBreakerSpanProcessor);
    expect(business).toBeInstanceOf(BusinessMetricsSpanProcessor);
    expect((business as BusinessMetricsSpanProcessor).ruleCount).toBe(2);
    expect(rest.map((p) => p.constructor.name)).toEqual(['ServiceGraphSpanProcessor', 'JobSpanProcessor']);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is turned off or narrowed by SIGHTLINE_PROCESSORS', () => {
    expect(createSightlineProcessors({ env: { SIGHTLINE_PROCESSORS: 'none' } })).toEqual([]);
    const only = createSightlineProcessors({ env: { SIGHTLINE_PROCESSORS: ' business ' } });
    expect(only.map((p) => p.constructor.name)).toEqual(['BusinessMetricsSpanProcessor']);
    const warn = vi.fn();
    createSightlineProcessors({ env: { SIGHTLINE_PROCESSORS: 'circuit_breaker,bogus' }, warn });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('unknown processor "bogus"'));
  });

  it('installs the service-graph processor unless SIGHTLINE_PROCESSORS leaves it out', () => {
    const names = (env: NodeJS.ProcessEnv) => createSightlineProcessors({ env }).map((p) => p.constructor.name);
    expect(names({})).toContain('ServiceGraphSpanProcessor');
    expect(names({ SIGHTLINE_PROCESSORS: 'business' })).toEqual(['BusinessMetricsSpanProcessor']);
    expect(names({ SIGHTLINE_PROCESSORS: 'service_graph,all' })).toContain('ServiceGraphSpanProcessor');
    expect(names({ SIGHTLINE_PROCESSORS: 'off' })).toEqual([]);
  });

  it('warns and keeps running when the rules file is invalid or an env value is bad', () => {
    const warn = vi.fn();
    const processors = createSightlineProcessors({
      env: { SIGHTLINE_BUSINESS_RULES: fixture('invalid-rules.json'), SIGHTLINE_BUSINESS_CARDINALITY_LIMIT: 'many' }, warn,
    });
    expect(processors).toHaveLength(4);
    expect((processors[1] as BusinessMetricsSpanProcessor).ruleCount).toBe(0);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/^SIGHTLINE_BUSINESS_RULES=".*invalid-rules\.json": Invalid business metric rules in .*; no business rules from the file$/s),
      'SIGHTLINE_BUSINESS_CARDINALITY_LIMIT="many": expected a positive integer; using 100',
    ]);
  });

  it('takes settings read by the caller (the preload) instead of the environment', () => {
    const warn = vi.fn();
    const processors = createSightlineProcessors({
      env: { SIGHTLINE_PROCESSORS: 'none', SIGHTLINE_BUSINESS_CARDINALITY_LIMIT: 'many' }, warn,
      settings: { circuitBreaker: false, business: true, serviceGraph: false, job: false, rules: [{ metric: 'orders', match: { span: 'checkout' } }], cardinalityLimit: 5 },
    });
    expect(processors.map((p) => p.constructor.name)).toEqual(['BusinessMetricsSpanProcessor']);
    expect((processors[0] as BusinessMetricsSpanProcessor).ruleCount).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('writes its warnings with the one Sightline prefix when no sink is given', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      createSightlineProcessors({ env: { SIGHTLINE_PROCESSORS: 'bogus' } });
      expect(write.mock.calls.map((c) => String(c[0]))).toEqual(['sightline: SIGHTLINE_PROCESSORS: unknown processor "bogus" (known: all, none, circuit_breaker, business, service_graph, job); skipping it\n']);
    } finally {
      write.mockRestore();
    }
  });
});

describe('loadRulesFile', () => {
  it('lists every problem of an invalid file with its location', () => {
    let message = '';
    try { loadRulesFile(fixture('invalid-rules.json')); } catch (e) { message = (e as Error).message; }
    expect(message.split('\n').slice(1).map((l) => l.trim())).toEqual([
      '- rules[0].type: must be "counter" or "histogram", got "gauge"',
      '- rules[1]: unknown key "vaule" (allowed: metric, type, match, value, unit, description, attributes, cardinalityLimit)',
      '- rules[1].value: a histogram needs the attribute that holds the value',
      '- rules[2].match.attributes.a: must be a string, number or boolean, got [1]',
      '- rules[2].attributes: must be a list of attribute names, got "currency"',
      '- rules[2].cardinalityLimit: must be a positive integer, got 0',
    ]);
  });

  it('reports YAML syntax errors and missing files with the path', () => {
    expect(() => loadRulesFile(fixture('broken.yaml'))).toThrowError(/broken\.yaml:\n {2}- cannot parse the file: /);
    expect(() => loadRulesFile('/nonexistent/rules.yaml')).toThrowError(/\/nonexistent\/rules\.yaml:\n {2}- cannot read the file: ENOENT/);
  });
});
