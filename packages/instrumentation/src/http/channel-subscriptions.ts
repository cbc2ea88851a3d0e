import dc from 'node:diagnostics_channel';

export type ChannelHandlers = Record<string, (message: unknown) => void>;

/**
 * Subscribes handlers to diagnostics channels by name, each guarded so an error in Sightline's code
 * is reported (once per channel, by `onError`) instead of reaching the app. Returns the unsubscriber.
 */
export function subscribeChannels(handlers: ChannelHandlers, onError: (where: string, err: unknown) => void): () => void {
  const guarded = Object.entries(handlers).map(([name, handler]) => {
    const fn = (message: unknown): void => {
      try {
        handler(message);
      } catch (err) {
        onError(name, err);
      }
    };
    dc.subscribe(name, fn);
    return [name, fn] as const;
  });
  return () => {
    for (const [name, fn] of guarded) dc.unsubscribe(name, fn);
  };
}

/**
 * Whether a channel has exactly one subscriber. Node keeps them in the active channel's
 * `_subscribers` (Node 18 to 24); where that is missing the answer is false, the cautious one.
 */
export function hasOneSubscriber(channel: dc.Channel): boolean {
  return (channel as unknown as { _subscribers?: unknown[] })._subscribers?.length === 1;
}
