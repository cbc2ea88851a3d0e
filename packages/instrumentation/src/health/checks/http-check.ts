import type { HealthCheckOptions } from '../CheckRunner.js';

export interface HttpCheckOptions extends Omit<HealthCheckOptions, 'name' | 'check'> {
  /** Default `http <host>`. */
  name?: string;
  method?: string;
  headers?: Record<string, string>;
  /** Whether a status counts as healthy; default 200-399. */
  expectStatus?: (status: number) => boolean;
}

/**
 * A check that an HTTP dependency answers, with `fetch`. Credentials in the URL are sent as basic
 * auth (fetch refuses them in the URL) and never appear in the check's messages.
 */
export function httpCheck(url: string | URL, options: HttpCheckOptions = {}): HealthCheckOptions {
  const target = new URL(url);
  const { name, method = 'GET', headers = {}, expectStatus = (s) => s >= 200 && s < 400, ...rest } = options;
  const sent: Record<string, string> = { ...headers };
  if (target.username !== '' || target.password !== '') {
    const user = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    sent.authorization ??= `Basic ${Buffer.from(user).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  const where = `${method} ${target.origin}${target.pathname}`;
  return {
    ...rest,
    name: name ?? `http ${target.host}`,
    check: async (signal) => {
      let res: Response;
      try {
        res = await fetch(target, { method, headers: sent, signal, redirect: 'manual' });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(`${where}: ${cause?.code ?? cause?.message ?? (err as Error)?.message}`);
      }
      await res.body?.cancel();
      if (!expectStatus(res.status)) throw new Error(`${where} answered ${res.status}`);
      return `answered ${res.status}`;
    },
  };
}
