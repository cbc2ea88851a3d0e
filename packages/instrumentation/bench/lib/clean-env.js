/** The parent environment without anything that would configure the preloads behind our back. */
export function cleanEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(OTEL_|SIGHTLINE_)/.test(key) || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, NODE_ENV: 'production', ...extra };
}
