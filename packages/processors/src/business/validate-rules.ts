import type { BusinessRule } from './BusinessRule.js';
import { BusinessRuleError } from './BusinessRuleError.js';

const RULE_KEYS = new Set(['metric', 'type', 'match', 'value', 'unit', 'description', 'attributes', 'cardinalityLimit']);
const MATCH_KEYS = new Set(['span', 'event', 'attributes']);
/** OpenTelemetry instrument name syntax. */
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

function unknownKeys(obj: Record<string, unknown>, allowed: Set<string>, at: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) problems.push(`${at}: unknown key "${key}" (allowed: ${[...allowed].join(', ')})`);
  }
}

function optionalString(rule: Record<string, unknown>, key: string, at: string, problems: string[]): void {
  if (rule[key] !== undefined && (typeof rule[key] !== 'string' || rule[key] === '')) {
    problems.push(`${at}.${key}: must be a non-empty string, got ${describe(rule[key])}`);
  }
}

function validateMatch(match: unknown, at: string, problems: string[]): void {
  if (!isObject(match)) {
    problems.push(`${at}.match: must be an object with span, event and/or attributes, got ${describe(match)}`);
    return;
  }
  unknownKeys(match, MATCH_KEYS, `${at}.match`, problems);
  optionalString(match, 'span', `${at}.match`, problems);
  optionalString(match, 'event', `${at}.match`, problems);
  if (match.attributes !== undefined) {
    if (!isObject(match.attributes)) problems.push(`${at}.match.attributes: must be an object of key: value`);
    else {
      for (const [key, v] of Object.entries(match.attributes)) {
        if (!['string', 'number', 'boolean'].includes(typeof v)) {
          problems.push(`${at}.match.attributes.${key}: must be a string, number or boolean, got ${describe(v)}`);
        }
      }
    }
  }
  if (match.span === undefined && match.event === undefined && match.attributes === undefined) {
    problems.push(`${at}.match: needs at least one of span, event, attributes`);
  }
}

function validateRule(raw: unknown, at: string, problems: string[], types: Map<string, string>): void {
  if (!isObject(raw)) {
    problems.push(`${at}: must be an object, got ${describe(raw)}`);
    return;
  }
  unknownKeys(raw, RULE_KEYS, at, problems);
  if (typeof raw.metric !== 'string' || !METRIC_NAME.test(raw.metric)) {
    problems.push(`${at}.metric: must be a metric name (letter first, then letters, digits, _ . - /), got ${describe(raw.metric)}`);
  }
  const type = raw.type ?? 'counter';
  if (type !== 'counter' && type !== 'histogram') {
    problems.push(`${at}.type: must be "counter" or "histogram", got ${describe(raw.type)}`);
  } else if (typeof raw.metric === 'string') {
    const seen = types.get(raw.metric);
    if (seen !== undefined && seen !== type) problems.push(`${at}.type: metric "${raw.metric}" is already a ${seen}`);
    types.set(raw.metric, type);
  }
  validateMatch(raw.match, at, problems);
  for (const key of ['value', 'unit', 'description']) optionalString(raw, key, at, problems);
  if (type === 'histogram' && raw.value === undefined) {
    problems.push(`${at}.value: a histogram needs the attribute that holds the value`);
  }
  if (raw.attributes !== undefined
    && (!Array.isArray(raw.attributes) || !raw.attributes.every((a) => typeof a === 'string' && a !== ''))) {
    problems.push(`${at}.attributes: must be a list of attribute names, got ${describe(raw.attributes)}`);
  }
  if (raw.cardinalityLimit !== undefined
    && (!Number.isSafeInteger(raw.cardinalityLimit) || (raw.cardinalityLimit as number) < 1)) {
    problems.push(`${at}.cardinalityLimit: must be a positive integer, got ${describe(raw.cardinalityLimit)}`);
  }
}

/**
 * Checks rules given as parsed JSON/YAML (`{ rules: [...] }` or a bare list) or from code, and
 * throws a BusinessRuleError listing every problem. `source` names where they came from.
 */
export function validateRules(input: unknown, source = 'code'): BusinessRule[] {
  const list = isObject(input) ? input.rules : input;
  if (!Array.isArray(list)) {
    throw new BusinessRuleError(source, [`expected a list of rules or { rules: [...] }, got ${describe(input)}`]);
  }
  const problems: string[] = [];
  if (isObject(input)) unknownKeys(input, new Set(['rules']), 'top level', problems);
  const types = new Map<string, string>();
  list.forEach((rule, i) => validateRule(rule, `rules[${i}]`, problems, types));
  if (problems.length > 0) throw new BusinessRuleError(source, problems);
  return list as BusinessRule[];
}
