import type { BusinessRule } from './BusinessRule.js';
import { validateRules } from './validate-rules.js';

type Listener = (rules: readonly BusinessRule[]) => void;
interface Store { rules: BusinessRule[]; listeners: Set<Listener> }

const KEY = Symbol.for('sightline.processors.business-rules');

function store(): Store {
  const holder = globalThis as { [KEY]?: Store };
  return (holder[KEY] ??= { rules: [], listeners: new Set() });
}

/**
 * Adds business rules from application code, for processors created elsewhere (the preload).
 * Validates first and throws BusinessRuleError listing every problem.
 */
export function registerBusinessRules(rules: readonly BusinessRule[]): void {
  const valid = validateRules(rules, 'registerBusinessRules()');
  const s = store();
  s.rules.push(...valid);
  for (const listener of s.listeners) listener(valid);
}

/** Rules registered so far. */
export function registeredBusinessRules(): readonly BusinessRule[] {
  return store().rules;
}

/** Calls `listener` with rules registered from now on; returns an unsubscribe function. */
export function onBusinessRulesRegistered(listener: Listener): () => void {
  const s = store();
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}

/** Forgets registered rules and listeners (tests). */
export function clearRegisteredBusinessRules(): void {
  const s = store();
  s.rules.length = 0;
  s.listeners.clear();
}
