// Control characters (C0, DEL, C1) and the Unicode line separators: any of them could end a line early
// or rewrite a terminal, so a value from the environment or a request could forge a log line.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;
const MAX_LINE = 4096;

/** One physical line whatever the message holds: unsafe characters escaped as \uXXXX, long lines cut. */
export function safeLine(line: string): string {
  const escaped = line.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length <= MAX_LINE ? escaped : `${escaped.slice(0, MAX_LINE)}... (${escaped.length - MAX_LINE} more characters)`;
}

/** Sightline's own messages: one line each on stderr, prefixed, never throwing. */
export function writeLine(line: string): void {
  try {
    process.stderr.write(`sightline: ${safeLine(line)}\n`);
  } catch {
    // stderr closed: nothing sensible left to do
  }
}

const warnedOnce = new Set<string>();
export function warnOnce(key: string, line: string): void {
  if (warnedOnce.has(key)) return;
  warnedOnce.add(key);
  writeLine(line);
}
