// The service's settings, read once from the environment; a bad value warns and uses the default.
import { log } from './log.js';

export function readNumber(name, min, max, fallback) {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (Number.isFinite(n) && n >= min && n <= max) return n;
  log.warn({ variable: name, value, fallback }, `${name} must be a number from ${min} to ${max}; using ${fallback}`);
  return fallback;
}

function readUrl(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return fallback;
  try {
    return new URL(value).href.replace(/\/$/, '');
  } catch {
    log.warn({ variable: name, value, fallback }, `${name} is not a URL; using ${fallback}`);
    return fallback;
  }
}

export function readConfig() {
  return {
    port: readNumber('PORT', 0, 65535, 3000),
    paymentsUrl: readUrl('PAYMENTS_URL', 'http://127.0.0.1:3002'),
    paymentsTimeoutMs: readNumber('ORDERS_PAYMENTS_TIMEOUT_MS', 1, 60_000, 1000),
    breakerResetMs: readNumber('ORDERS_BREAKER_RESET_MS', 1, 600_000, 5000),
    breakerVolume: readNumber('ORDERS_BREAKER_VOLUME', 1, 1000, 4),
  };
}
