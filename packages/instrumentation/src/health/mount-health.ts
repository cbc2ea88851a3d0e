import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeLine } from '../sdk/stderr.js';
import { healthSlot } from './global-health.js';
import { handleProbe } from './handle-probe.js';
import { PROBE_PATHS } from './health-paths.js';
import type { HealthMonitor } from './HealthMonitor.js';

interface FastifyLike {
  route(options: { method: string; url: string; logLevel: string; handler: (request: { raw: IncomingMessage }, reply: { raw: ServerResponse; hijack(): void }) => void }): unknown;
  addHook: unknown;
}
interface ServerLike { emit(event: string | symbol, ...args: unknown[]): boolean; listen: unknown; on: unknown }
type ConnectLike = ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) & { use(mw: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): unknown };

function isFastify(t: unknown): t is FastifyLike {
  return typeof t === 'object' && t !== null && typeof (t as FastifyLike).route === 'function' && typeof (t as FastifyLike).addHook === 'function';
}
function isServer(t: unknown): t is ServerLike {
  const s = t as ServerLike;
  return typeof t === 'object' && t !== null && typeof s.emit === 'function' && typeof s.listen === 'function' && typeof s.on === 'function';
}
function isConnect(t: unknown): t is ConnectLike {
  return typeof t === 'function' && typeof (t as ConnectLike).use === 'function';
}

/** Answers a probe; an internal error lets the request through to the app instead of failing it. */
function tryProbe(monitor: HealthMonitor, req: IncomingMessage, res: ServerResponse): boolean {
  try {
    return handleProbe(monitor, req, res);
  } catch (err) {
    writeLine(`health endpoint error: ${(err as Error)?.message ?? String(err)}`);
    return false;
  }
}

/**
 * Mounts the probe handlers (`/livez`, `/readyz`, `/startupz`, `/healthz`, `/health/live|ready|startup`)
 * on the app's own server, ahead of everything else: a `node:http`/`https` server, an express (or
 * connect) app, or a fastify instance (before it listens). Returns what it was given.
 */
export function mountHealth<T>(target: T): T {
  const slot = healthSlot();
  const { monitor } = slot;
  if (isFastify(target)) {
    for (const url of Object.keys(PROBE_PATHS)) {
      target.route({
        method: 'GET', url, logLevel: 'silent',
        handler: (request, reply) => {
          reply.hijack();
          if (!tryProbe(monitor, request.raw, reply.raw)) reply.raw.writeHead(500).end();
        },
      });
    }
  } else if (isServer(target)) {
    // Ahead of every 'request' listener, whenever it was added.
    const emit = target.emit;
    target.emit = function (this: ServerLike, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'request' && tryProbe(monitor, args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
      return emit.apply(this, [event, ...args]);
    };
  } else if (isConnect(target)) {
    target.use((req, res, next) => {
      if (!tryProbe(monitor, req, res)) next();
    });
  } else {
    throw new TypeError('Sightline: mountHealth() takes a node:http server, an express/connect app or a fastify instance');
  }
  slot.mountedOnApp = true;
  monitor.markServed();
  return target;
}

