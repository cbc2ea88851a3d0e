/** Sightline's own messages: one line each on stderr, prefixed, never throwing. */
export function writeLine(line: string): void {
  try {
    process.stderr.write(`sightline: ${line}\n`);
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
