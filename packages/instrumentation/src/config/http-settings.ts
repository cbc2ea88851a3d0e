import { DEFAULT_IGNORE_PATHS } from '../http/ignore-paths.js';
import type { EnvReader } from './EnvReader.js';
import type { SightlineConfig } from './SightlineConfig.js';

/** Path globs: each entry must start with `/`; anything else is a problem and skipped (all invalid: the defaults). */
export function ignorePaths(env: EnvReader): string[] {
  const list = env.list('SIGHTLINE_IGNORE_PATHS');
  if (list === undefined) return [...DEFAULT_IGNORE_PATHS];
  const valid = list.filter((p) => /^\/[^\s?#]*$/.test(p));
  const invalid = list.filter((p) => !valid.includes(p));
  if (invalid.length > 0) {
    const fallback = valid.length > 0 ? 'skipping it' : `using the defaults ${DEFAULT_IGNORE_PATHS.join(',')}`;
    env.problem('SIGHTLINE_IGNORE_PATHS', env.string('SIGHTLINE_IGNORE_PATHS'), `${invalid.map((p) => JSON.stringify(p)).join(', ')} is not a path (expected comma-separated paths starting with /, * matching any characters)`, fallback);
  }
  return valid.length > 0 ? valid : [...DEFAULT_IGNORE_PATHS];
}

/** Header names, lower-cased; anything that is not a header token is a problem and skipped. */
function headerNames(env: EnvReader, variable: string): string[] {
  const list = (env.list(variable) ?? []).map((h) => h.toLowerCase());
  const bad = list.filter((h) => !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(h));
  if (bad.length > 0) env.problem(variable, env.string(variable), `${bad.map((b) => JSON.stringify(b)).join(', ')} is not a header name`, 'skipping it');
  return list.filter((h) => !bad.includes(h));
}

/** OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_{SERVER,CLIENT}_{REQUEST,RESPONSE}. */
export function captureHeaders(env: EnvReader): SightlineConfig['captureHeaders'] {
  return {
    serverRequest: headerNames(env, 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST'),
    serverResponse: headerNames(env, 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_RESPONSE'),
    clientRequest: headerNames(env, 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_REQUEST'),
    clientResponse: headerNames(env, 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_RESPONSE'),
  };
}
