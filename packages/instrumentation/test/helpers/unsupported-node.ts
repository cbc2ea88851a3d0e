import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PACKAGE_ROOT } from './app.js';

function versionOf(node: string): string | undefined {
  try {
    return execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A Node binary older than the supported 22.15: the first on PATH (CI's and most machines' system
 * Node 20), else Node 20 from the npm registry into .tools/ (scripts/toolchain.sh).
 */
export function unsupportedNode(): { path: string; version: string } {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, 'node');
    const version = existsSync(path) ? versionOf(path) : undefined;
    const [major = 0, minor = 0] = version?.split('.').map(Number) ?? [];
    if (version && (major < 22 || (major === 22 && minor < 15))) return { path, version };
  }
  const path = execFileSync('bash', ['-c', 'source scripts/toolchain.sh >&2 && provision_node 20'], { cwd: join(PACKAGE_ROOT, '../..'), encoding: 'utf8' }).trim();
  return { path, version: versionOf(path)! };
}
