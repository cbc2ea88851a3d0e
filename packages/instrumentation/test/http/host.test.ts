import { describe, expect, it } from 'vitest';
import { hostnameOf, LastHost, portOf } from '../../src/http/host.js';

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

  it('LastHost gives the parts of each host, in any order, reusing them while the host repeats', () => {
    const last = new LastHost();
    const hosts = ['example.com:8080', 'example.com:8080', '[::1]:3000', 'example.com', 'example.com:8080'];
    const parts = hosts.map((host) => last.parse(host));
    expect(parts.map(({ hostname, port }) => [hostname, port])).toEqual(hosts.map((h) => [hostnameOf(h), portOf(h)]));
    expect(parts[1]).toBe(parts[0]);
    expect(parts[4]).not.toBe(parts[0]);
  });
});
