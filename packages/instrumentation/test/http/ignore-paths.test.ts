import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VALID_REQUEST_ID } from '@sightline/pino';
import { describe, expect, it } from 'vitest';
import { compileIgnorePaths, DEFAULT_IGNORE_PATHS, ignorePathsRegexSource } from '../../src/http/ignore-paths.js';
import { isValidRequestId } from '../../src/http/request-id.js';
import { HTTP_DURATION_BUCKETS } from '../../src/http/semconv.js';

describe('compileIgnorePaths', () => {
  const ignored = compileIgnorePaths(DEFAULT_IGNORE_PATHS);
  it.each([['/health', true], ['/healthz', true], ['/health/live', true], ['/healthcheck', true], ['/ready', true], ['/readyz', true],
    ['/readiness', true], ['/live', true], ['/livez', true], ['/liveness', true], ['/ping', true], ['/metrics', true],
    ['/metrics/x', false], ['/api/health', false], ['/orders', false], ['/', false], ['/livestream', false], ['/healthcare-plans', false], ['/ready-meals', false]])('%s -> %s', (path, expected) => {
    expect(ignored(path)).toBe(expected);
  });
  it('escapes regex characters in globs', () => {
    expect(compileIgnorePaths(['/a.b'])('/aXb')).toBe(false);
    expect(compileIgnorePaths([])('/health')).toBe(false);
  });
});

describe('the collector\'s health-check filter', () => {
  it.each(['base.yaml', 'agent.yaml'])('is generated from DEFAULT_IGNORE_PATHS (collector/config/%s)', (file) => {
    const text = readFileSync(fileURLToPath(new URL(`../../../../collector/config/${file}`, import.meta.url)), 'utf8');
    const alt = ignorePathsRegexSource(DEFAULT_IGNORE_PATHS);
    const lines = text.split('\n').filter((l) => l.includes('IsMatch(')).map((l) => l.trim());
    expect(lines).toEqual([
      `- IsMatch(attributes["url.path"], "^(?:${alt})/?$")`,
      `- IsMatch(attributes["http.target"], "^(?:${alt})/?([?].*)?$")`,
      `- IsMatch(attributes["http.route"], "^(?:${alt})/?$")`,
    ]);
  });
});

describe('the collector\'s span-metric buckets', () => {
  it('are the duration buckets of the packages, in milliseconds', () => {
    const base = readFileSync(fileURLToPath(new URL('../../../../collector/config/base.yaml', import.meta.url)), 'utf8');
    const line = /^\s+buckets: \[([^\]]+)\]$/m.exec(base)![1]!;
    expect(line.split(',').map((b) => b.trim())).toEqual(HTTP_DURATION_BUCKETS.map((s) => `${Math.round(s * 1000)}ms`));
  });
});

describe('isValidRequestId', () => {
  it('uses the one request-id grammar, the one @sightline/pino applies to logged headers', () => {
    for (const id of ['abc', 'x'.repeat(128), 'x'.repeat(129), 'a b']) expect(isValidRequestId(id)).toBe(VALID_REQUEST_ID.test(id));
  });

  it.each([['abc-123', true], ['a.b:c_d-e', true], ['x'.repeat(128), true], ['x'.repeat(129), false], ['', false], ['a\r\nb', false], ['a b', false], ['<script>', false], [undefined, false]])('%j -> %s', (id, ok) => {
    expect(isValidRequestId(id)).toBe(ok);
  });
});
