import type { HealthCheckOptions } from '../CheckRunner.js';

/** The part of an `ioredis` client the check uses. */
export interface RedisPingable {
  readonly status?: string;
  ping(): Promise<string>;
}

export interface RedisCheckOptions extends Omit<HealthCheckOptions, 'name' | 'check'> {
  /** Default `redis`. */
  name?: string;
}

/**
 * A check that an `ioredis` client is connected and answers PING. While ioredis reconnects it would
 * queue the PING until the timeout; its connection status says so at once.
 */
export function redisCheck(client: RedisPingable, options: RedisCheckOptions = {}): HealthCheckOptions {
  const { name = 'redis', ...rest } = options;
  return {
    ...rest,
    name,
    check: async () => {
      if (client.status !== undefined && client.status !== 'ready') throw new Error(`connection ${client.status}`);
      const reply = await client.ping();
      if (reply !== 'PONG') throw new Error(`PING answered ${JSON.stringify(reply)}`);
    },
  };
}
