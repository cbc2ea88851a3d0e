/** Censor written in place of a redacted value. */
export const DEFAULT_CENSOR = '[Redacted]';

/** Field names whose values are secrets or personal payment data, in the spellings apps use. */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'password', 'passwd', 'pwd', 'secret', 'clientSecret', 'client_secret',
  'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'idToken', 'id_token',
  'apiKey', 'api_key', 'apikey', 'x-api-key', 'authorization', 'proxy-authorization',
  'cookie', 'set-cookie', 'iban', 'cardNumber', 'card_number', 'creditCard', 'credit_card', 'pan', 'cvv', 'cvc',
  'email', 'x-forwarded-email', 'x-auth-request-email', 'x-forwarded-user', 'x-auth-request-user',
];

/** Containers one level below the log object where apps commonly put payloads or headers. */
export const DEFAULT_CONTAINERS: readonly string[] = [
  'headers', 'req.headers', 'res.headers', 'request.headers', 'response.headers',
  'body', 'req.body', 'query', 'req.query', 'data', 'user', 'payment', 'card', 'account',
];

/** Where loggers (pino-http, hand-written request logs) put the request URL: redacted as a URL, not censored. */
const URL_PATHS: readonly string[] = ['url', 'req.url', 'req.originalUrl', 'request.url'];
const URL_KEYS: ReadonlySet<string> = new Set(['url', 'originalUrl']);

/** Header containers where request-id headers are checked (hostile values are never logged raw). */
const HEADER_CONTAINERS: readonly string[] = ['headers', 'req.headers', 'request.headers'];
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = ['x-request-id', 'x-correlation-id'];
/** What the preload accepts as a request id: at most 128 characters of `[A-Za-z0-9._:-]`. */
export const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const INVALID_REQUEST_ID_CENSOR = '[Invalid]';

export type PinoCensor = string | ((value: unknown, path: string[]) => unknown);

export interface RedactionPolicyOptions {
  /** Field names to redact at the top level and inside each container (added to the defaults). */
  keys?: readonly string[];
  /** Extra pino redact paths, e.g. `order.customer.email` (wildcards work but cost throughput). */
  paths?: readonly string[];
  /** Containers the keys are also redacted in (replaces the defaults when given). */
  containers?: readonly string[];
  censor?: string;
  /** Request-id headers whose logged value is kept only when valid (default `x-request-id`, `x-correlation-id`). */
  requestIdHeaders?: readonly string[];
  /** Start from an empty key list instead of {@link DEFAULT_SENSITIVE_KEYS}. */
  noDefaults?: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// One URL path segment (percent-decoded) that is personal data or a credential.
const SEGMENT_EMAIL = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const SEGMENT_JWT = /^eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*$/;
const SEGMENT_HEX = /^[0-9a-f]{32,}$/i;
const SEGMENT_TOKEN = /^[A-Za-z0-9+/_=-]{24,}$/;
const SEGMENT_CARD = /^(?:\d[ -]?){12,18}\d$/;
const SEGMENT_IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/i;
// The same kinds of data inside free text (exception messages, log messages).
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/g;
const JWT_IN_TEXT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const AUTH_IN_TEXT = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const EMAIL_IN_TEXT = /[^\s@<>()[\]"',;:/]+@[^\s@<>()[\]"',;:/]+\.[A-Za-z]{2,}/g;
const TOKEN_IN_TEXT = /[A-Za-z0-9+/_=-]{24,}/g;
const CARD_NUMBER = /\b(?:\d[ -]?){12,18}\d\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;

/**
 * One list of sensitive fields for logs and spans: `paths` feeds pino's `redact` option,
 * `isSensitiveKey`/`redactAttributes` serve span and log-record attribute redaction.
 * Paths are explicit (no wildcards) because pino's wildcard redaction costs most of its throughput.
 */
export class RedactionPolicy {
  readonly keys: readonly string[];
  readonly containers: readonly string[];
  readonly paths: readonly string[];
  readonly censor: string;
  readonly requestIdHeaders: readonly string[];
  private readonly _normalizedKeys: ReadonlySet<string>;
  private readonly _requestIdHeaderSet: ReadonlySet<string>;

  constructor(options: RedactionPolicyOptions = {}) {
    const base = options.noDefaults === true ? [] : DEFAULT_SENSITIVE_KEYS;
    this.keys = unique([...base, ...(options.keys ?? [])]);
    this.containers = unique(options.containers ?? DEFAULT_CONTAINERS);
    this.censor = options.censor ?? DEFAULT_CENSOR;
    const derived: string[] = [];
    for (const key of this.keys) {
      derived.push(IDENTIFIER.test(key) ? key : `["${key}"]`);
      for (const container of this.containers) derived.push(container + pathSegment(key));
    }
    this.requestIdHeaders = unique((options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS).map((h) => h.toLowerCase()));
    for (const header of this.requestIdHeaders) {
      for (const container of HEADER_CONTAINERS) derived.push(container + pathSegment(header));
    }
    derived.push(...URL_PATHS);
    this.paths = unique([...derived, ...(options.paths ?? [])]);
    this._requestIdHeaderSet = new Set(this.requestIdHeaders);
    this._normalizedKeys = new Set(this.keys.map(normalizeKey));
  }

  /** A new policy with more keys/paths; this one is unchanged. */
  extend(options: RedactionPolicyOptions): RedactionPolicy {
    return new RedactionPolicy({
      keys: [...this.keys, ...(options.keys ?? [])],
      paths: [...this.paths.filter((p) => !this._isDerived(p)), ...(options.paths ?? [])],
      containers: options.containers ?? this.containers,
      censor: options.censor ?? this.censor,
      requestIdHeaders: options.requestIdHeaders ?? this.requestIdHeaders,
      noDefaults: true,
    });
  }

  /**
   * True when the last segment of a dotted attribute key is sensitive, ignoring case, `-` and `_`:
   * `http.request.header.authorization`, `user.Password`, `payment.card-number`.
   */
  isSensitiveKey(key: string): boolean {
    const dot = key.lastIndexOf('.');
    return this._normalizedKeys.has(normalizeKey(dot === -1 ? key : key.slice(dot + 1)));
  }

  /** Masks card numbers (Luhn-valid) and IBANs (mod-97-valid) inside free text such as URLs. */
  redactText(text: string): string {
    return text
      .replace(CARD_NUMBER, (m) => (luhnValid(m.replace(/\D/g, '')) ? this.censor : m))
      .replace(IBAN, (m) => (ibanValid(m.replace(/ /g, '')) ? this.censor : m));
  }

  /**
   * A URL path (or a span name holding one) with each segment that is an e-mail address, a card
   * number, an IBAN, a JWT or a long hex/base64 token replaced by the censor. Route-like paths stay
   * readable (`/orders/123`, UUIDs, slugs). Cheap when there is nothing to find: one pass over the
   * characters decides whether any segment could match before a regex runs.
   */
  redactPath(path: string): string {
    if (!mayHoldSecret(path)) return path;
    const segments = path.split('/');
    let changed = false;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (segment.length >= 6 && isSecretSegment(segment)) {
        segments[i] = this.censor;
        changed = true;
      }
    }
    return changed ? segments.join('/') : path;
  }

  /**
   * A URL (`url.full`) with the password of its user info, secret segments of its path and the values
   * of sensitive query parameters (`?token=`, `?api_key=`, ...) censored; card numbers and IBANs
   * anywhere in the query too.
   */
  redactUrl(url: string): string {
    const scheme = url.indexOf('://');
    const pathStart = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
    let authority = pathStart === -1 ? url : url.slice(0, pathStart);
    const at = authority.lastIndexOf('@');
    if (at !== -1) {
      const colon = authority.indexOf(':', scheme === -1 ? 0 : scheme + 3);
      if (colon !== -1 && colon < at) authority = `${authority.slice(0, colon + 1)}${this.censor}${authority.slice(at)}`;
    }
    if (pathStart === -1) return authority;
    const rest = url.slice(pathStart);
    const q = rest.indexOf('?');
    const path = this.redactPath(q === -1 ? rest : rest.slice(0, q));
    return authority + path + (q === -1 ? '' : `?${this.redactQuery(rest.slice(q + 1))}`);
  }

  /** A query string (`url.query`) with the values of sensitive parameters censored. */
  redactQuery(query: string): string {
    if (query === '') return query;
    const hash = query.indexOf('#');
    const fragment = hash === -1 ? '' : query.slice(hash);
    const pairs = (hash === -1 ? query : query.slice(0, hash)).split('&').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let key = pair.slice(0, eq);
      try {
        key = decodeURIComponent(key);
      } catch {
        // keep the raw key
      }
      if (this.isSensitiveKey(key)) return `${pair.slice(0, eq + 1)}${this.censor}`;
      const value = pair.slice(eq + 1);
      return mayHoldSecret(value) && isSecretSegment(value) ? `${pair.slice(0, eq + 1)}${this.censor}` : pair;
    });
    return this.redactText(pairs.join('&')) + fragment;
  }

  /**
   * Free text such as an exception message: URLs (as {@link redactUrl}), JWTs, `Bearer`/`Basic`
   * credentials, e-mail addresses, long hex/base64 tokens (API keys), card numbers and IBANs are masked.
   */
  redactMessage(text: string): string {
    if (text.length < 6) return text;
    const censor = this.censor;
    return this.redactText(
      text
        .replace(URL_IN_TEXT, (u) => this.redactUrl(u))
        .replace(JWT_IN_TEXT, censor)
        .replace(AUTH_IN_TEXT, (_m, scheme: string) => `${scheme} ${censor}`)
        .replace(EMAIL_IN_TEXT, censor)
        .replace(TOKEN_IN_TEXT, (word) => (isSecretSegment(word) ? censor : word)),
    );
  }

  /**
   * A deep copy of a JSON-like value (request bodies, headers, breadcrumb data) with the values of
   * sensitive keys censored and strings passed through {@link redactMessage}; bounded in depth.
   */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactMessage(value);
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.isSensitiveKey(k) ? this.censor : this.redactValue(v, depth + 1);
    return out;
  }

  /** A copy of `attributes` with sensitive keys censored and card numbers/IBANs masked in strings. */
  redactAttributes<T extends Record<string, unknown>>(attributes: T): T {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (this.isSensitiveKey(key)) out[key] = this.censor;
      else if (typeof value === 'string') out[key] = this.redactText(value);
      else out[key] = value;
    }
    return out as T;
  }

  /**
   * The value for pino's `redact` option, merged with what the user configured (their paths are
   * kept, their censor wins). Request-id header values stay readable when valid, else `[Invalid]`.
   */
  toPinoRedact(user?: unknown): { paths: string[]; censor: PinoCensor; remove?: boolean } {
    if (Array.isArray(user)) return { paths: unique([...(user as string[]), ...this.paths]), censor: this._censorWith(this.censor) };
    if (user !== null && typeof user === 'object') {
      const u = user as { paths?: string[]; censor?: PinoCensor; remove?: boolean };
      return { ...u, paths: unique([...(u.paths ?? []), ...this.paths]), censor: this._censorWith(u.censor ?? this.censor) };
    }
    return { paths: [...this.paths], censor: this._censorWith(this.censor) };
  }

  private _censorWith(base: PinoCensor): PinoCensor {
    const headers = this._requestIdHeaderSet;
    const policy = this;
    return function sightlineCensor(value: unknown, path: string[]): unknown {
      const key = path[path.length - 1];
      if (key !== undefined && headers.has(key)) {
        return typeof value === 'string' && VALID_REQUEST_ID.test(value) ? value : INVALID_REQUEST_ID_CENSOR;
      }
      if (key !== undefined && URL_KEYS.has(key) && path.length <= 2) {
        return typeof value === 'string' ? policy.redactUrl(value) : value;
      }
      return typeof base === 'function' ? base(value, path) : base;
    };
  }

  private _isDerived(path: string): boolean {
    return (
      URL_PATHS.includes(path) ||
      this.keys.some((k) => path === k || path === `["${k}"]` || this.containers.some((c) => path === c + pathSegment(k))) ||
      this.requestIdHeaders.some((h) => HEADER_CONTAINERS.some((c) => path === c + pathSegment(h)))
    );
  }
}

/** One pass: could any segment be a secret (an `@` or `%`, or a run of 13+ characters without `/`)? */
function mayHoldSecret(path: string): boolean {
  let run = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 47 || c === 59 || c === 38) {
      run = 0;
      continue;
    }
    if (c === 64 || c === 37 || ++run >= 13) return true;
  }
  return false;
}

function isSecretSegment(raw: string): boolean {
  let segment = raw;
  if (raw.includes('%')) {
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // not valid percent-encoding: check it as written
    }
  }
  if (segment.includes('@')) return SEGMENT_EMAIL.test(segment);
  if (SEGMENT_CARD.test(segment)) return luhnValid(segment.replace(/\D/g, ''));
  if (SEGMENT_IBAN.test(segment) && ibanValid(segment.toUpperCase())) return true;
  if (SEGMENT_JWT.test(segment) || SEGMENT_HEX.test(segment)) return true;
  // Long base64/base64url: mixed case and digits (a slug or a word has not all three).
  return SEGMENT_TOKEN.test(segment) && /\d/.test(segment) && /[a-z]/.test(segment) && /[A-Z]/.test(segment);
}

function pathSegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `["${key}"]`;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function luhnValid(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function ibanValid(iban: string): boolean {
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}
