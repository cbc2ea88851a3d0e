import { execFileSync } from 'node:child_process';

const root = new URL('../../../', import.meta.url).pathname;

// PostgreSQL and Redis for the health checks' tests: a no-op when installed, else Debian's packages
// (apt can take minutes, longer than a hook's timeout, so it happens here, once).
export default function setup(): void {
  for (const script of ['collector/scripts/ensure-postgres.sh', 'scripts/ensure-redis.sh']) {
    execFileSync(`${root}${script}`, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
