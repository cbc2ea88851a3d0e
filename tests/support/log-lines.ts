// Sightline's own lines: no C0 control except tab, no DEL, no C1 control, no Unicode line separator.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/;
// A JSON line (pino) may carry DEL and C1 characters of a logged value (JSON allows them raw); what
// it must not carry is anything that ends or rewrites a line.
const JSON_LINE_BREAKING = /[\x00-\x1f\x85\u2028\u2029]/;

/**
 * Problems with an app's output, one string each: a stdout line that is not JSON (pino writes one
 * object a line, so anything else is a broken or forged line; `listening N` is the fixture's own), a
 * raw control character where it could break or rewrite a line, or a line that starts with forged
 * content (`marker`, or a pino object that carries it as its message).
 */
export function checkLogLines(stdout: string, stderr: string, marker: string): string[] {
  const problems: string[] = [];
  const show = (line: string) => JSON.stringify(line.slice(0, 160));
  for (const line of stdout.split('\n')) {
    if (line === '' || /^listening \d+$/.test(line)) continue;
    if (JSON_LINE_BREAKING.test(line)) problems.push(`stdout: raw line-breaking or control character in ${show(line)}`);
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      problems.push(`stdout: not a JSON line: ${show(line)}`);
      continue;
    }
    if ((record as { msg?: unknown }).msg === marker) problems.push(`stdout: forged record ${show(line)}`);
  }
  for (const line of stderr.split('\n')) {
    if (CONTROL.test(line)) problems.push(`stderr: raw control character in ${show(line)}`);
    if (line.startsWith(marker) || line.startsWith('{"level":60')) problems.push(`stderr: forged line ${show(line)}`);
  }
  return problems;
}
