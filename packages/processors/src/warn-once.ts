import { diag } from '@opentelemetry/api';

export type Warn = (message: string) => void;

/** Every Sightline line on stderr starts with this prefix; messages are passed without it. */
export const LINE_PREFIX = 'sightline: ';

/** Default warning sink: OpenTelemetry's diag logger (silent unless the app enabled it) and one prefixed stderr line. */
export const defaultWarn: Warn = (message) => {
  diag.warn(message);
  process.stderr.write(`${LINE_PREFIX}${message}\n`);
};

/** Returns a function that passes each distinct key's message to `warn` once. */
export function createWarnOnce(warn: Warn): (key: string, message: string) => void {
  const seen = new Set<string>();
  return (key, message) => {
    if (seen.has(key)) return;
    seen.add(key);
    try {
      warn(message);
    } catch {
      // a failing logger must not break the caller
    }
  };
}
