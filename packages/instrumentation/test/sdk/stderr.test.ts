import { describe, expect, it } from 'vitest';
import { safeLine } from '../../src/sdk/stderr.js';

describe('safeLine', () => {
  it('escapes every character that could end or rewrite a line', () => {
    const forged = 'service=x\r\n{"level":60}\x1b[31m\x00\x7f\x85\u2028\u2029\tend';
    expect(safeLine(forged)).toBe('service=x\\u000d\\u000a{"level":60}\\u001b[31m\\u0000\\u007f\\u0085\\u2028\\u2029\\u0009end');
  });

  it('keeps printable text, including non-ASCII, as it is', () => {
    expect(safeLine('café 中文 "quoted" \\ back')).toBe('café 中文 "quoted" \\ back');
  });

  it('cuts a line longer than 4096 characters and says how much was left out', () => {
    const line = safeLine('a'.repeat(5000));
    expect(line).toBe(`${'a'.repeat(4096)}... (904 more characters)`);
  });
});
