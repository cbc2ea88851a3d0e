import { describe, expect, it } from 'vitest';
import { compileIgnorePaths } from '../../src/http/ignore-paths.js';
import { DEFAULT_IGNORE_PATHS } from '../../src/config/resolve-config.js';
import { isValidRequestId } from '../../src/http/request-id.js';

describe('compileIgnorePaths', () => {
  const ignored = compileIgnorePaths(DEFAULT_IGNORE_PATHS);
  it.each([['/health', true], ['/healthz', true], ['/health/live', true], ['/ready', true], ['/readyz', true], ['/livez', true], ['/metrics', true],
    ['/metrics/x', false], ['/api/health', false], ['/orders', false], ['/', false]])('%s -> %s', (path, expected) => {
    expect(ignored(path)).toBe(expected);
  });
  it('escapes regex characters in globs', () => {
    expect(compileIgnorePaths(['/a.b'])('/aXb')).toBe(false);
    expect(compileIgnorePaths([])('/health')).toBe(false);
  });
});

describe('isValidRequestId', () => {
  it.each([['abc-123', true], ['a.b:c_d-e', true], ['x'.repeat(128), true], ['x'.repeat(129), false], ['', false], ['a\r\nb', false], ['a b', false], ['<script>', false], [undefined, false]])('%j -> %s', (id, ok) => {
    expect(isValidRequestId(id)).toBe(ok);
  });
});
