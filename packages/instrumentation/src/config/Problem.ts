/** A configuration problem: the variable, its redacted value, what is wrong and what Sightline does instead. */
export interface Problem {
  variable: string;
  value?: string;
  message: string;
  fallback: string;
}

export function formatProblem(p: Problem): string {
  const value = p.value === undefined ? '' : `=${JSON.stringify(p.value)}`;
  return `${p.variable}${value}: ${p.message}; ${p.fallback}`;
}
