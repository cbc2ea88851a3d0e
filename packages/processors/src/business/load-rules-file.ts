import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BusinessRule } from './BusinessRule.js';
import { BusinessRuleError } from './BusinessRuleError.js';
import { validateRules } from './validate-rules.js';

/**
 * Reads and validates a rules file: `.json` as JSON, anything else as YAML (a superset of JSON).
 * The YAML parser is loaded only when needed. Throws BusinessRuleError with the path in the message.
 */
export function loadRulesFile(path: string): BusinessRule[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BusinessRuleError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  let parsed: unknown;
  try {
    if (path.endsWith('.json')) parsed = JSON.parse(text);
    else {
      const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
      parsed = yaml.parse(text, { prettyErrors: true });
    }
  } catch (error) {
    throw new BusinessRuleError(path, [`cannot parse the file: ${(error as Error).message}`]);
  }
  return validateRules(parsed, path);
}
