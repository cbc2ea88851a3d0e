import type { HealthCheckOptions } from '../CheckRunner.js';

export interface HttpCheckOptions extends Omit<HealthCheckOptions, 'name' | 'check'> {
  /** Default `http <host>`. */
  name?: string;
  method?: string;
  headers?: Record<string, string>;
  /** Whether a status counts as healthy; default 200-399. */
  expectStatus?: (status: number) => boolean;
}

/** A check that an HTTP dependency answers, with `fetch`. The URL never appears in messages with its credentials. */
export function httpCheck(url: string | URL, options: HttpCheckOptions = {}): HealthCheckOptions {
  const target = new URL(url);
  const { name, method = 'GET', headers, expectStatus = (s) => s >= 200 && s < 400, ...rest } = options;
  return {
    ...rest,
    name: name ?? `http ${target.host}`,
    check: async (signal) => {
      const res = await fetch(target, { method, headers, signal, redirect: 'manual' });
      await res.body?.cancel();
      if (!expectStatus(res.status)) throw new Error(`${method} ${target.origin}${target.pathname} answered ${res.status}`);
      return `answered ${res.status}`;
    },
  };
}
