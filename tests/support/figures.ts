import { mkdirSync, appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Long mode (`./run reliability`): minutes per suite, default exporter timeouts, figures recorded. */
export const LONG = process.env.SIGHTLINE_RELIABILITY_LONG === '1';

const REPORTS = fileURLToPath(new URL('../.reports/', import.meta.url));

/**
 * Prints a table of figures and appends it to tests/.reports/reliability.md, from which
 * docs/reliability.md is updated. Figures are recorded, never asserted as timings.
 */
export function recordFigures(title: string, header: string[], rows: Array<Array<string | number>>): void {
  const lines = [
    `### ${title}${LONG ? ' (long mode)' : ''}`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  mkdirSync(REPORTS, { recursive: true });
  appendFileSync(`${REPORTS}reliability.md`, `${text}\n`);
}

export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
export const ms = (v: number): string => v.toFixed(1);
