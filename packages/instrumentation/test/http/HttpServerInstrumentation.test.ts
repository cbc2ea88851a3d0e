import { AsyncLocalStorage } from 'node:async_hooks';
import dc from 'node:diagnostics_channel';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { context, metrics, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServerInstrumentation } from '../../src/http/HttpServerInstrumentation.js';

// The response's `emit` runs listeners in the request's context, and skips that switch when only
// Node's own listeners listen: the count of context switches per request is what this checks.
const manager = new AsyncLocalStorageContextManager();
let switches = 0;
const withContext = manager.with;
manager.with = function (this: AsyncLocalStorageContextManager, ...args: unknown[]) {
  switches++;
  return Reflect.apply(withContext, this, args);
} as typeof manager.with;

const provider = new TracerProvider({ sampler: new AlwaysOnSampler() });
const instrumentation = new HttpServerInstrumentation({
  tracer: provider.getTracer('test'),
  meter: metrics.getMeter('test'),
  attach: (ctx) => manager.attach(ctx),
  isIgnored: () => false,
  requestIdHeaders: ['x-request-id'],
  onError: (where, err) => { throw new Error(`${where}: ${String(err)}`); },
});

let handler: (res: ServerResponse) => void = (res) => res.end('ok');
let server: Server;

beforeAll(async () => {
  context.setGlobalContextManager(manager.enable());
  instrumentation.enable();
  server = createServer((_req, res) => handler(res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
});

afterAll(async () => {
  instrumentation.disable();
  context.disable();
  await new Promise((ok) => server.close(ok));
});

function get(): Promise<void> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/x', agent: false }, (res) => {
      res.resume().on('end', () => setImmediate(ok));
    });
    req.on('error', fail).end();
  });
}

describe('HttpServerInstrumentation: response events', () => {
  it("needs no context switch when only Node's own listeners listen to 'finish' and 'close'", async () => {
    handler = (res) => res.end('ok');
    switches = 0;
    await get();
    expect(switches).toBe(0);
  });

  it("runs the app's 'finish' and 'close' listeners in the request's context", async () => {
    const seen: Record<string, Span | undefined> = {};
    let requestSpan: Span | undefined;
    handler = (res) => {
      requestSpan = trace.getActiveSpan();
      res.on('finish', () => { seen.finish = trace.getActiveSpan(); });
      res.on('close', () => { seen.close = trace.getActiveSpan(); });
      res.end('ok');
    };
    switches = 0;
    await get();
    expect(requestSpan).toBeDefined();
    // Node's own 'finish' listener ran first and ended the span: the app's listeners see its ids.
    expect(seen.finish?.spanContext()).toEqual(requestSpan!.spanContext());
    expect(seen.close?.spanContext()).toEqual(requestSpan!.spanContext());
    expect(switches).toBe(2);
  });

  it('keeps only the ids of the ended span in the request context, which outlives the request', async () => {
    let requestSpan: Span | undefined;
    let later: Span | undefined;
    handler = (res) => {
      requestSpan = trace.getActiveSpan();
      res.on('finish', () => setImmediate(() => { later = trace.getActiveSpan(); }));
      res.end('ok');
    };
    await get();
    await new Promise((ok) => setImmediate(ok));
    expect(requestSpan?.isRecording()).toBe(false); // ended
    expect(later).toBeDefined();
    expect(later).not.toBe(requestSpan);
    expect(later!.spanContext()).toBe(requestSpan!.spanContext());
    expect(later!.isRecording()).toBe(false);
    expect((later as unknown as { attributes?: unknown }).attributes).toBeUndefined();
  });
});

describe('HttpServerInstrumentation: after the response finished', () => {
  // The connection's keep-alive timer is armed right after Node's 'finish' listener: the context it
  // captures is what its 'timeout' event sees, and what the idle connection keeps alive.
  const appStorage = new AsyncLocalStorage<string>();
  let appStoreOfTimer: string | undefined;
  async function contextOfKeepAliveTimer(): Promise<Span | undefined> {
    server.keepAliveTimeout = 50; // Node adds a second to it
    const seen = new Promise<Span | undefined>((ok) => {
      server.once('connection', (socket) => socket.once('timeout', () => {
        appStoreOfTimer = appStorage.getStore();
        ok(trace.getActiveSpan());
      }));
    });
    // A client that keeps the connection open until the server's keep-alive timer fires.
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1', () => client.write('GET /x HTTP/1.1\r\nHost: x\r\n\r\n'));
    try {
      return await seen;
    } finally {
      client.destroy();
      server.keepAliveTimeout = 5000;
    }
  }

  it("leaves the request's context: the connection's keep-alive timer does not keep it", async () => {
    let requestSpan: Span | undefined;
    handler = (res) => {
      requestSpan = trace.getActiveSpan();
      res.end('ok');
    };
    expect(await contextOfKeepAliveTimer()).toBeUndefined();
    expect(requestSpan).toBeDefined();
  });

  it("keeps nothing of the request when nothing else listens, not even the app's own async context", async () => {
    handler = (res) => {
      appStorage.enterWith('app request');
      res.end('ok');
    };
    expect(await contextOfKeepAliveTimer()).toBeUndefined();
    expect(appStoreOfTimer).toBeUndefined();
  });

  it("stays in it while the app's 'finish' listeners have yet to run", async () => {
    let requestSpan: Span | undefined;
    let inListener: Span | undefined;
    handler = (res) => {
      requestSpan = trace.getActiveSpan();
      res.on('finish', () => { inListener = trace.getActiveSpan(); });
      res.end('ok');
    };
    expect((await contextOfKeepAliveTimer())?.spanContext()).toEqual(requestSpan!.spanContext());
    expect(inListener?.spanContext()).toEqual(requestSpan!.spanContext());
  });

  it("keeps the app's own async context for its 'close' listeners", async () => {
    let requestSpan: Span | undefined;
    const inClose: { store?: string; span?: Span } = {};
    handler = (res) => {
      appStorage.enterWith('app request');
      requestSpan = trace.getActiveSpan();
      res.on('close', () => Object.assign(inClose, { store: appStorage.getStore(), span: trace.getActiveSpan() }));
      res.end('ok');
    };
    expect(await contextOfKeepAliveTimer()).toBeUndefined();
    expect(appStoreOfTimer).toBe('app request');
    expect(inClose.store).toBe('app request');
    expect(inClose.span?.spanContext()).toEqual(requestSpan!.spanContext());
  });

  it('stays in it for the channel\'s other subscribers', async () => {
    let requestSpan: Span | undefined;
    let inSubscriber: Span | undefined;
    const subscriber = (): void => { inSubscriber = trace.getActiveSpan(); };
    dc.subscribe('http.server.response.finish', subscriber);
    handler = (res) => {
      requestSpan = trace.getActiveSpan();
      res.end('ok');
    };
    try {
      expect((await contextOfKeepAliveTimer())?.spanContext()).toEqual(requestSpan!.spanContext());
      expect(inSubscriber?.spanContext()).toEqual(requestSpan!.spanContext());
    } finally {
      dc.unsubscribe('http.server.response.finish', subscriber);
    }
  });
});
