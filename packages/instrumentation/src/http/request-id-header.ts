import { IncomingMessage, ServerResponse } from 'node:http';

const REQUEST_ID_HEADER = 'x-request-id';

type Entry = [name: string, value: unknown];
type OutHeaders = Record<string, Entry>;
type Res = ServerResponse & Record<symbol, OutHeaders | null | undefined>;

// Inherits nothing, like the `{ __proto__: null }` Node makes on a response's first `setHeader`; but
// that literal is a dictionary-mode object, and a response's headers in one cost ~450 ns more per
// request in a loop (RESULTS section 33), the app's own `setHeader`/`writeHead` calls included.
// Objects made with this as their prototype stay in V8's fast mode.
const NOTHING_INHERITED = Object.create(null) as object;

/**
 * Sets `x-request-id` on a response when its request starts, so the app can read it (`res.getHeader`)
 * or replace it. The first header of a response: it goes into Node's own store of the response's
 * headers (found and checked once, at the first request), made as an object V8 keeps in fast mode;
 * where that store is not found, `setHeader` as usual.
 */
export class RequestIdHeader {
  #store: symbol | null | undefined;

  /** `requestId` must be a valid header value (the request-id grammar only allows such). */
  set(res: ServerResponse, requestId: string): void {
    if (this.#store === undefined) this.#store = findHeaderStore();
    const store = this.#store;
    if (store !== null && (res as Res)[store] === null) (res as Res)[store] = headersWith(REQUEST_ID_HEADER, requestId);
    else res.setHeader(REQUEST_ID_HEADER, requestId);
  }
}

function headersWith(name: string, value: string): OutHeaders {
  const headers = Object.create(NOTHING_INHERITED) as OutHeaders;
  headers[name] = [name, value];
  return headers;
}

/**
 * The symbol under which Node keeps a response's headers (`kOutHeaders`: null until the first
 * header, then `{ [lower-case name]: [name, value] }`), checked on responses that are never sent:
 * Node must read a store made here as its own (get, has, names, add, replace, remove, and the
 * written header block). Null when this Node keeps them otherwise.
 */
export function findHeaderStore(): symbol | null {
  try {
    const probe = unsentResponse();
    probe.setHeader('X-Probe', 'a');
    for (const key of Object.getOwnPropertySymbols(probe)) {
      const value = (probe as Res)[key];
      if (value === null || typeof value !== 'object' || Object.keys(value).length !== 1) continue;
      const entry = value['x-probe'];
      if (Array.isArray(entry) && entry[0] === 'X-Probe' && entry[1] === 'a' && storeWorks(key)) return key;
    }
  } catch {
    // responses cannot be made or read this way on this Node: setHeader only
  }
  return null;
}

function storeWorks(key: symbol): boolean {
  const res = unsentResponse();
  if ((res as Res)[key] !== null) return false;
  (res as Res)[key] = headersWith(REQUEST_ID_HEADER, 'id-1');
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('X-Gone', '1');
  res.removeHeader('x-gone');
  res.appendHeader('Vary', 'a');
  const readable = res.getHeader(REQUEST_ID_HEADER) === 'id-1' && res.hasHeader('content-type') && !res.hasHeader('constructor') && !res.hasHeader('x-gone')
    && res.getHeaderNames().join() === 'x-request-id,content-type,vary';
  res.writeHead(200, { 'Content-Length': '2' });
  const written = (res as unknown as { _header?: unknown })._header;
  return readable && typeof written === 'string'
    && written.startsWith('HTTP/1.1 200 OK\r\nx-request-id: id-1\r\nContent-Type: text/plain\r\nVary: a\r\nContent-Length: 2\r\n');
}

/** A response to a GET that is never sent: what the store is found and checked on. */
export function unsentResponse(): ServerResponse {
  const req = new IncomingMessage(null as never);
  req.method = 'GET';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  return new ServerResponse(req);
}
