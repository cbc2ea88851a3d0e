import { diag, type Attributes, type AttributeValue } from '@opentelemetry/api';
import { AddAttributeDecision, cleanAttributes as cleanAnyAttributes, maybeAddAttribute } from '@opentelemetry/core';

/**
 * @opentelemetry/core's `maybeAddAttribute` and `cleanAttributes` (what the SDK's spans use), with a
 * shortcut for strings, numbers and booleans that makes no objects per call (core makes an options
 * object per attribute and a result object per clean; the installed core also a WeakSet per value and
 * an array per attribute, which the preload's bundled copy is patched not to: tsdown.config.mjs).
 * Any other value (arrays, maps, bytes, null, invalid ones) goes to core itself, so the decisions,
 * warnings, truncation and copies are core's. bench/RESULTS.md, section 31.
 */

interface AttributeLimits {
  attributeCountLimit: number;
  attributeValueLengthLimit: number;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

function lengthLimit(limits: AttributeLimits): number {
  const limit = limits.attributeValueLengthLimit;
  if (limit > 0) return limit;
  diag.warn(`Invalid attributeValueLengthLimit: must be positive, got ${limit} (ignoring)`);
  return Infinity;
}

/** core's `maybeAddAttribute({ key, value, attributes, limits, currentAttributesCount })`. */
export function addAttribute(attributes: Attributes, key: string, value: AttributeValue | undefined, limits: AttributeLimits, count: number): AddAttributeDecision {
  if (!isPrimitive(value)) return maybeAddAttribute({ key, value, attributes, limits, currentAttributesCount: count });
  if (key.length === 0) {
    diag.warn(`Invalid attribute key: ${key}`);
    return AddAttributeDecision.DROP_INVALID;
  }
  const isNewKey = !Object.hasOwn(attributes, key);
  if (isNewKey && count >= limits.attributeCountLimit) return AddAttributeDecision.DROP_LIMIT_REACHED;
  const limit = lengthLimit(limits);
  attributes[key] = typeof value === 'string' && value.length > limit ? value.substring(0, limit) : value;
  return isNewKey ? AddAttributeDecision.ADD_NEW : AddAttributeDecision.ADD_OVERWRITE_EXISTING;
}

export interface CleanedAttributes {
  attributes: Attributes;
  droppedAttributesCount: number;
  /** How many attributes `attributes` holds. */
  count: number;
}

/** core's `cleanAttributes(input, limits)`, with `attributes` always set and their count. */
export function cleanAttributes(input: Attributes | undefined, limits: AttributeLimits): CleanedAttributes {
  if (typeof input !== 'object' || input === null) return { attributes: {}, droppedAttributesCount: 0, count: 0 };
  if (!onlyOwnPrimitives(input)) {
    const cleaned = cleanAnyAttributes(input, limits);
    const attributes = cleaned.attributes ?? {};
    return { attributes, droppedAttributesCount: cleaned.droppedAttributesCount ?? 0, count: Object.keys(attributes).length };
  }
  const attributes: Attributes = {};
  let dropped = 0;
  let count = 0;
  const limit = lengthLimit(limits);
  for (const key in input) {
    const value = input[key];
    if (value === undefined) continue;
    if (count >= limits.attributeCountLimit) {
      dropped++;
      continue;
    }
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      dropped++;
      continue;
    }
    attributes[key] = typeof value === 'string' && value.length > limit ? value.substring(0, limit) : value;
    count++;
  }
  return { attributes, droppedAttributesCount: dropped, count };
}

/** Every enumerable key its own, every value a string, number, boolean or undefined. */
function onlyOwnPrimitives(input: Attributes): boolean {
  for (const key in input) {
    if (!Object.hasOwn(input, key)) return false;
    const value = input[key];
    if (value !== undefined && !isPrimitive(value)) return false;
  }
  return true;
}
