const SECRET_KEY = /(auth|token|secret|password|api[-_]?key|cookie|dsn)/i;

/** Hides all but a short prefix of a secret, so a startup line or a warning can name it safely. */
export function redactSecret(value: string): string {
  if (value.length <= 8) return '****';
  return `${value.slice(0, 4)}****`;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Header values whose name looks secret are redacted; the rest are shown. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSecretKey(k) ? redactSecret(v) : v;
  return out;
}

/** Removes user:password from a URL and redacts a Sentry-style public key. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = u.username ? redactSecret(u.username) : '';
    u.password = u.password ? '****' : '';
    return u.toString().replace(/%2A/g, '*');
  } catch {
    return redactSecret(url);
  }
}

/** Redacts an environment value for display when the variable name looks secret. */
export function redactEnvValue(variable: string, value: string): string {
  if (/HEADERS$/.test(variable)) {
    return value.split(',').map((pair) => {
      const i = pair.indexOf('=');
      return i > 0 && isSecretKey(pair.slice(0, i)) ? `${pair.slice(0, i)}=${redactSecret(pair.slice(i + 1))}` : pair;
    }).join(',');
  }
  if (/ENDPOINT$|_URL$|DSN$/.test(variable)) return redactUrl(value);
  return isSecretKey(variable) ? redactSecret(value) : value;
}
