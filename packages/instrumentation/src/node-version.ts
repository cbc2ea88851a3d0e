// Plain on purpose, with no imports: the entry points load this before anything else, so it must
// parse and run on every Node a user may start the preload with, including unsupported ones.

const REQUIRED = [22, 15, 0];

/** The line to print when `version` (e.g. "20.20.2") is older than the supported Node; undefined when it is supported. */
export function unsupportedNodeLine(version: string): string | undefined {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < REQUIRED.length; i++) {
    const have = parts[i] ?? 0;
    const need = REQUIRED[i] ?? 0;
    if (have > need) return undefined;
    if (have < need) return `Node.js ${version} is not supported (Sightline requires Node.js >= ${REQUIRED.join('.')}): telemetry is off, the app runs without it`;
  }
  return undefined;
}

