import dc from 'node:diagnostics_channel';
import type { Server } from 'node:net';

/**
 * Calls `onStarted` once, when the first server other than `exclude` (the probe server) is
 * listening: Node's `net.server.listen` tracing channel covers http, https, express, fastify alike.
 */
export function watchStartup(exclude: () => Server | undefined, onStarted: () => void): () => void {
  const name = 'tracing:net.server.listen:asyncEnd';
  const listener = (message: unknown): void => {
    const server = (message as { server?: Server } | undefined)?.server;
    if (server === undefined || server === exclude()) return;
    dc.unsubscribe(name, listener);
    try {
      onStarted();
    } catch {
      // never let a subscriber's error reach the app's listen()
    }
  };
  dc.subscribe(name, listener);
  return () => dc.unsubscribe(name, listener);
}
