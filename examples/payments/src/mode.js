// How payments behaves: the share of charges that fail and the delay before answering. Set from the
// environment at start and changed at run time through the admin route.
const log = require('./log');

function readNumber(name, value, min, max, fallback) {
  if (value === undefined || String(value).trim() === '') return fallback;
  const n = Number(value);
  if (Number.isFinite(n) && n >= min && n <= max) return n;
  log.warn({ variable: name, value: String(value), fallback }, `${name} must be a number from ${min} to ${max}; using ${fallback}`);
  return fallback;
}

const mode = {
  failureRate: readNumber('PAYMENTS_FAILURE_RATE', process.env.PAYMENTS_FAILURE_RATE, 0, 1, 0),
  delayMs: readNumber('PAYMENTS_DELAY_MS', process.env.PAYMENTS_DELAY_MS, 0, 60_000, 0),
};

/** Applies `{ failureRate?, delayMs? }`; returns the problems (empty when everything was applied). */
function updateMode(body) {
  const problems = [];
  if (body.failureRate !== undefined) {
    const n = Number(body.failureRate);
    if (Number.isFinite(n) && n >= 0 && n <= 1) mode.failureRate = n;
    else problems.push(`failureRate must be a number from 0 to 1, got ${JSON.stringify(body.failureRate)}`);
  }
  if (body.delayMs !== undefined) {
    const n = Number(body.delayMs);
    if (Number.isFinite(n) && n >= 0 && n <= 60_000) mode.delayMs = n;
    else problems.push(`delayMs must be a number from 0 to 60000, got ${JSON.stringify(body.delayMs)}`);
  }
  return problems;
}

module.exports = { mode, readNumber, updateMode };
