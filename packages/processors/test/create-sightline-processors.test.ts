import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { BusinessMetricsSpanProcessor } from '../src/business/BusinessMetricsSpanProcessor.js';
import { CircuitBreakerSpanProcessor } from '../src/breaker/CircuitBreakerSpanProcessor.js';
import { loadRulesFile } from '../src/business/load-rules-file.js';
import { createSightlineProcessors, isProcessorSelected } from '../src/create-sightline-processors.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('createSightlineProcessors', () => {
  it('returns the three processors by default and loads YAML rules from SIGHTLINE_BUSINESS_RULES', () => {
    const warn = vi.fn();
    const [breakers, business, ...rest] = createSightlineProcessors({ env: { SIGHTLINE_BUSINESS_RULES: fixture('rules.yaml') }, warn });
    expect(breakers).toBeInstanceOf(CircuitBreakerSpanProcessor);
    expect(business).toBeInstanceOf(BusinessMetricsSpanProcessor);
    expect((business as BusinessMetricsSpanProcessor).ruleCount).toBe(2);
    expect(rest.map((p) => p.constructor.name)).toEqual(['ServiceGraphSpanProcessor']);
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

  it('answers which processors SIGHTLINE_PROCESSORS selects', () => {
    expect(isProcessorSelected('service_graph', {})).toBe(true);
    expect(isProcessorSelected('service_graph', { SIGHTLINE_PROCESSORS: 'business' })).toBe(false);
    expect(isProcessorSelected('service_graph', { SIGHTLINE_PROCESSORS: 'service_graph,all' })).toBe(true);
    expect(isProcessorSelected('business', { SIGHTLINE_PROCESSORS: 'off' })).toBe(false);
  });

  it('warns and keeps running when the rules file is invalid or an env value is bad', () => {
    const warn = vi.fn();
    const processors = createSightlineProcessors({
      env: { SIGHTLINE_BUSINESS_RULES: fixture('invalid-rules.json'), SIGHTLINE_BUSINESS_CARDINALITY_LIMIT: 'many' }, warn,
    });
    expect(processors).toHaveLength(3);
    expect((processors[1] as BusinessMetricsSpanProcessor).ruleCount).toBe(0);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      expect.stringContaining('SIGHTLINE_BUSINESS_RULES ignored. Invalid business metric rules in'),
      'Sightline: SIGHTLINE_BUSINESS_CARDINALITY_LIMIT="many" is not a positive integer; using 100',
    ]);
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
