import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_DIR } from './helpers/CollectorProcess.ts';

const read = (file: string) => readFileSync(join(COLLECTOR_DIR, file), 'utf8');
const inDir = (dir: string) => readdirSync(join(COLLECTOR_DIR, dir)).map((f) => `${dir}/${f}`);
const configFiles = ['config/base.yaml', 'config/agent.yaml', ...inDir('config/destinations'), ...inDir('config/agent')];

/** Variable -> default as the README table states it (backticks removed). */
function readmeTable(): Map<string, string> {
  const rows = [...read('README.md').matchAll(/^\| `((?:SIGHTLINE|AXIOM)_[A-Z_]+)` \| ([^|]+) \|/gm)];
  return new Map(rows.map(([, name, def]) => [name!, def!.trim().replaceAll('`', '')]));
}

describe('README variable table', () => {
  it('states every variable the configs read, with the default the configs use', () => {
    const table = readmeTable();
    const used = new Map<string, string>();
    for (const file of configFiles) {
      for (const [, name, def] of read(file).matchAll(/\$\{env:([A-Z_]+)(?::-([^}]*))?\}/g)) {
        const value = def ?? 'unset';
        expect(used.get(name!) ?? value, `${name} has two defaults`).toBe(value);
        used.set(name!, value);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    for (const [name, def] of used) expect(table.get(name), name).toBe(def);
  });

  it('lists the variables the scripts read and nothing that is read nowhere', () => {
    const table = readmeTable();
    const sources = [...configFiles, 'scripts/run.sh', 'scripts/build.sh', 'scripts/build-sloth.sh'].map(read).join('\n');
    const read_ = new Set([...sources.matchAll(/\b((?:SIGHTLINE|AXIOM)_[A-Z_]*[A-Z])\b/g)].map((m) => m[1]!));
    expect([...table.keys()].filter((name) => !read_.has(name))).toEqual([]);
    expect([...read_].filter((name) => !table.has(name))).toEqual([]);
  });
});
