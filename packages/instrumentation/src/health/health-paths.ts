export type Probe = 'live' | 'ready' | 'startup' | 'details';

/** Every path the probe handlers answer, on the probe port and wherever they are mounted. */
export const PROBE_PATHS: Readonly<Record<string, Probe>> = Object.freeze({
  '/livez': 'live',
  '/readyz': 'ready',
  '/startupz': 'startup',
  '/healthz': 'details',
  '/health/live': 'live',
  '/health/ready': 'ready',
  '/health/startup': 'startup',
});

/** The probe a request path asks for (query string ignored), or undefined. */
export function probeForUrl(url: string | undefined): Probe | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return Object.hasOwn(PROBE_PATHS, path) ? PROBE_PATHS[path] : undefined;
}
