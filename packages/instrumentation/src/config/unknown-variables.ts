import type { EnvReader } from './EnvReader.js';
import { FOREIGN_OTEL_NAMES, VARIABLES } from './variables.js';

/**
 * Optimal-string-alignment distance: Levenshtein plus adjacent transpositions, the most common typo
 * (`ENDPIONT`). Written here rather than taken from `fastest-levenshtein` because that counts a
 * transposition as two edits, and the preload keeps its dependencies to what it must have.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest known name within a small distance (2, or 3 for long names), or undefined. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = name.length >= 20 ? 3 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    if (Math.abs(k.length - name.length) > limit) continue;
    const dist = editDistance(name, k);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}

// Prefixes whose near misses are reported: Sightline's own, and the vendors' it reads.
const CHECKED = /^(?:OTEL|AXIOM|GRAFANA_CLOUD)_/;

/**
 * Unknown `SIGHTLINE_*` names, and near misses of known `OTEL_*`/`AXIOM_*`/`GRAFANA_CLOUD_*` names,
 * become problems with a suggestion. Other `OTEL_*` names are left alone: other SDKs read them.
 */
export function checkVariableNames(env: EnvReader, names: readonly string[]): void {
  const known = VARIABLES.map((s) => s.name);
  const knownSet = new Set([...known, ...FOREIGN_OTEL_NAMES]);
  for (const name of names) {
    if (knownSet.has(name)) continue;
    const own = name.startsWith('SIGHTLINE_');
    if (!own && !CHECKED.test(name)) continue;
    const suggestion = closestName(name, known);
    if (own) {
      env.problem(name, undefined, `unknown variable${suggestion ? `; did you mean ${suggestion}?` : ' (see the README\'s variable table)'}`, 'ignoring it');
    } else if (suggestion !== undefined) {
      env.problem(name, undefined, `not a variable Sightline knows; did you mean ${suggestion}?`, 'ignoring it');
    }
  }
}
