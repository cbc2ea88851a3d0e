import { describe, expect, it } from 'vitest';
import { hostnameOf, portOf } from '../../src/http/host.js';

describe('host parsing', () => {
  it.each([
    ['example.com:8080', 'example.com', 8080],
    ['example.com', 'example.com', undefined],
    ['127.0.0.1:3000', '127.0.0.1', 3000],
    ['[::1]:3000', '[::1]', 3000],
    ['[::1]', '[::1]', undefined],
    ['[2001:db8::1]', '[2001:db8::1]', undefined],
    ['example.com:notaport', 'example.com', undefined],
  ])('%s -> %s, %s', (host, name, port) => {
    expect(hostnameOf(host)).toBe(name);
    expect(portOf(host)).toBe(port);
  });
});
