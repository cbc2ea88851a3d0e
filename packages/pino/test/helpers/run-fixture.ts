import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface ExportedLog {
  body: unknown;
  severityNumber: number;
  severityText: string;
  attributes: Record<string, unknown>;
  traceId?: string;
  spanId?: string;
  traceFlags?: number;
  scope: string;
}
export interface ExportedSpan { name: string; traceId: string; spanId: string; attributes: Record<string, unknown> }
export interface RequestResult { path: string; status: number; requestId?: string }

export interface FixtureRun {
  lines: Array<Record<string, unknown>>;
  stdout: string;
  stderr: string;
  results: RequestResult[];
  spans: ExportedSpan[];
  logs: ExportedLog[];
}

/**
 * A copy of an ESM fixture in a temp dir whose `node_modules/pino` links to the `pino9` alias, so
 * `import pino from 'pino'` loads pino 9 exactly as in an app depending on pino 9.
 */
function withPino9(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-pino9-'));
  mkdirSync(join(dir, 'node_modules'));
  const pino9 = realpathSync(join(FIXTURES, '..', '..', 'node_modules', 'pino9'));
  symlinkSync(pino9, join(dir, 'node_modules', 'pino'), 'dir');
  for (const file of [fixture, 'exercise.mjs']) copyFileSync(join(FIXTURES, file), join(dir, file));
  return dir;
}

/**
 * Runs `node --import otel-setup.mjs <fixture>` and collects pino's stdout lines and exported
 * telemetry. `PINO_PKG=pino9` selects pino 9: CommonJS fixtures require it by that name, ESM
 * fixtures run from a copy next to a `node_modules/pino` link to it.
 */
export function runFixture(fixture: string, env: Record<string, string> = {}): Promise<FixtureRun> {
  const out = join(mkdtempSync(join(tmpdir(), 'sightline-pino-')), 'out.json');
  const dir = env['PINO_PKG'] === 'pino9' && fixture.endsWith('.mjs') ? withPino9(fixture) : FIXTURES;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', join(FIXTURES, 'otel-setup.mjs'), join(dir, fixture)],
      { cwd: dir, env: { ...process.env, ...env, SIGHTLINE_TEST_OUT: out }, timeout: 20_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${fixture} failed: ${err.message}\n${stderr}`));
        const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
        const resultLine = stderr.split('\n').find((l) => l.startsWith('RESULT '));
        const telemetry = JSON.parse(readFileSync(out, 'utf8')) as { spans: ExportedSpan[]; logs: ExportedLog[] };
        resolve({ lines, stdout, stderr, results: resultLine ? (JSON.parse(resultLine.slice(7)) as RequestResult[]) : [], ...telemetry });
      },
    );
  });
}
