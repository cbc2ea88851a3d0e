import { execFileSync } from 'node:child_process';

const scripts = new URL('../../../scripts/', import.meta.url).pathname;

// PostgreSQL and Redis for the health checks' tests: a no-op when installed, else Debian's packages
// (apt can take minutes, longer than a hook's timeout, so it happens here, once).
export default function setup(): void {
  for (const script of ['ensure-postgres.sh', 'ensure-redis.sh']) {
    execFileSync(`${scripts}${script}`, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
