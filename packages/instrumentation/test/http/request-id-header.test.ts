import { createServer, request, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHeaderStore, RequestIdHeader, unsentResponse as response } from '../../src/http/request-id-header.js';

// What the app does after the request id was set; each must give the same response as with `setHeader`.
const scenarios: Record<string, (res: ServerResponse) => unknown> = {
  'writeHead with an object': (res) => res.writeHead(200, { 'content-type': 'text/plain', 'Content-Length': 2 }),
  'writeHead with a reason and an array': (res) => res.writeHead(404, 'Nope', ['X-A', '1', 'x-a', '2']),
  'setHeader, then the implicit head': (res) => { res.setHeader('Set-Cookie', ['a=1', 'b=2']); res.statusCode = 201; res.end('ok'); },
  'the app replaces the id with setHeader': (res) => { res.setHeader('X-Request-ID', 'mine'); res.end(); },
  "the app's writeHead replaces the id": (res) => res.writeHead(200, { 'X-Request-Id': 'mine' }),
  'the app removes the id': (res) => { res.removeHeader('X-Request-Id'); res.end(); },
  'appendHeader to the id': (res) => { res.appendHeader('x-request-id', 'second'); res.end(); },
  'headers read back': (res) => { res.setHeader('Vary', 'a'); return [res.getHeader('x-request-id'), res.getHeaderNames(), res.getHeaders(), res.hasHeader('constructor'), res.hasHeader('__proto__'), (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames()]; },
  'an object with odd names': (res) => { res.setHeader('constructor', 'c'); res.setHeader('toString', 't'); return [res.getHeader('constructor'), res.getHeaders()]; },
};

function outcome(set: (res: ServerResponse) => void, act: (res: ServerResponse) => unknown): unknown {
  const res = response();
  set(res);
  let returned: unknown;
  try {
    returned = act(res);
  } catch (err) {
    returned = `threw ${(err as Error).message}`;
  }
  const head = (res as unknown as { _header?: string })._header?.replace(/^Date: .*\r\n/m, '');
  return { head, returned: returned instanceof ServerResponse ? 'res' : returned, headers: res.getHeaders() };
}

describe('RequestIdHeader', () => {
  it("finds this Node's store of a response's headers", () => {
    expect(typeof findHeaderStore()).toBe('symbol');
  });

  it('keeps its header in a store V8 keeps in fast mode, not a dictionary', () => {
    const res = response();
    new RequestIdHeader().set(res, 'id-1');
    const store = (res as unknown as Record<symbol, object>)[findHeaderStore()!]!;
    expect(Object.getPrototypeOf(store)).not.toBeNull();
    expect(Object.getPrototypeOf(Object.getPrototypeOf(store))).toBeNull();
  });

  for (const [name, act] of Object.entries(scenarios)) {
    it(`answers and sends what setHeader would: ${name}`, () => {
      const header = new RequestIdHeader();
      const expected = outcome((res) => res.setHeader('x-request-id', 'id-1'), act);
      expect(outcome((res) => header.set(res, 'id-1'), act)).toEqual(expected);
    });
  }

  it('adds to headers set before it, such as another subscriber of the request channel', () => {
    const res = response();
    res.setHeader('X-Early', '1');
    new RequestIdHeader().set(res, 'id-1');
    expect(res.getHeaders()).toEqual({ 'x-early': '1', 'x-request-id': 'id-1' });
  });
});

describe('RequestIdHeader on a real server', () => {
  const header = new RequestIdHeader();
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      header.set(res, 'id-1');
      if (req.url === '/replace') res.writeHead(200, { 'X-Request-Id': 'mine', 'content-type': 'text/plain' });
      else res.writeHead(200, { 'content-type': 'text/plain', 'x-seen': String(res.getHeader('x-request-id')) });
      res.end('ok');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  function rawHeaders(path: string): Promise<string[]> {
    return new Promise((ok, fail) => {
      request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path, agent: false }, (res) => {
        res.resume().on('end', () => ok(res.rawHeaders));
      }).on('error', fail).end();
    });
  }

  it("sends the id with the app's writeHead headers, readable in the handler", async () => {
    const raw = await rawHeaders('/');
    expect(raw.slice(0, 6)).toEqual(['x-request-id', 'id-1', 'content-type', 'text/plain', 'x-seen', 'id-1']);
  });

  it("sends the app's own id once when its writeHead sets one", async () => {
    const raw = await rawHeaders('/replace');
    const ids = raw.filter((_, i) => i % 2 === 1 && raw[i - 1]!.toLowerCase() === 'x-request-id');
    expect(ids).toEqual(['mine']);
  });
});
