import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { startNode } from '../support/process.js';

// The path users take: pack each package as `pnpm publish` would, install the tarballs with npm into
// an app outside the workspace (whose links hide missing files and dependencies), and run that app.
const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PACKAGES = ['processors', 'pino', 'instrumentation'];
const BIN = join(ROOT, 'node_modules', '.bin');
// Fast and quiet on a warm cache; a clean machine still fetches what is missing.
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_METRIC_EXPORT_INTERVAL: '300' };

let work: string;
let app: string;
const tarballs: string[] = [];
const receiver = new OtlpReceiver();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sightline-packed-'));
  for (const name of PACKAGES) {
    // pnpm pack runs the prepack build and turns workspace: ranges into versions.
    const { stdout } = await exec('pnpm', ['pack', '--pack-destination', work], { cwd: join(ROOT, 'packages', name) });
    tarballs.push(stdout.trim().split('\n').pop()!.trim());
  }
  app = join(work, 'app');
  cpSync(FIXTURES, app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({
    name: 'packed-app', version: '1.2.3', private: true, scripts: { start: 'node server.mjs' },
  }, null, 2));
  await exec('npm', [...NPM_INSTALL, ...tarballs, '@types/node@24'], { cwd: app });
  await receiver.start();
}, 600_000);

afterAll(async () => {
  await receiver.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// @fastify/otel asks for @opentelemetry/core ^2 and instrumentation ^0.222, ranges that cannot share
// the SDK 3.x copies; everything else must resolve to one copy of each package.
const OWN_COPIES = new Set(['@fastify/otel']);

function treeVersions(tree: any, name: string, out = new Set<string>()): Set<string> {
  for (const [dep, node] of Object.entries<any>(tree.dependencies ?? {})) {
    if (OWN_COPIES.has(dep)) continue;
    if (dep === name && node.version) out.add(node.version);
    treeVersions(node, name, out);
  }
  return out;
}

describe('packed tarballs', () => {
  it('have no type or packaging problems (attw, publint)', async () => {
    for (const tgz of tarballs) {
      const attw = await exec(join(BIN, 'attw'), [tgz, '--format', 'ascii']).catch((e) => e);
      expect(attw.code ?? 0, `attw ${tgz}:\n${attw.stdout}${attw.stderr}`).toBe(0);
      expect(attw.stdout).toMatch(/No problems found/);
      const publint = await exec(join(BIN, 'publint'), [tgz, '--strict']).catch((e) => e);
      expect(publint.code ?? 0, `publint ${tgz}:\n${publint.stdout}${publint.stderr}`).toBe(0);
      expect(publint.stdout).toMatch(/All good/);
    }
  });

  it('publish (dry run) with every workspace range resolved', async () => {
    for (const name of PACKAGES) {
      const { stdout, stderr } = await exec('pnpm', ['publish', '--dry-run', '--no-git-checks', '--ignore-scripts'], { cwd: join(ROOT, 'packages', name) });
      expect(stdout + stderr).toContain(`+ @sightline/${name}@`);
    }
    for (const tgz of tarballs) {
      const { stdout } = await exec('tar', ['-xzOf', tgz, 'package/package.json']);
      expect(stdout).not.toContain('workspace:');
    }
  }, 180_000);

  it('ship LICENSE, README and both builds, and no source maps', async () => {
    for (const tgz of tarballs) {
      const { stdout } = await exec('tar', ['-tzf', tgz]);
      const files = stdout.trim().split('\n');
      expect(files).toContain('package/LICENSE');
      expect(files).toContain('package/README.md');
      expect(files.some((f) => f.endsWith('.cjs')) && files.some((f) => f.endsWith('.d.cts'))).toBe(true);
      expect(files.some((f) => f.endsWith('.mjs')) && files.some((f) => f.endsWith('.d.mts'))).toBe(true);
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(files.filter((f) => f.includes('/test/') || f.endsWith('.test.ts'))).toEqual([]);
    }
  });

  it('install one copy of the OpenTelemetry API, core and instrumentation, and no pino', async () => {
    // npm ls exits 1 here: @fastify/otel's core 2.x declares a peer range of @opentelemetry/api below 1.10.
    const { stdout } = await exec('npm', ['ls', '--all', '--json'], { cwd: app }).catch((e) => e);
    const tree = JSON.parse(stdout);
    for (const name of ['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/instrumentation', '@opentelemetry/resources', '@opentelemetry/sdk-trace', '@opentelemetry/sdk-metrics', '@opentelemetry/sdk-logs']) {
      expect([...treeVersions(tree, name)], name).toHaveLength(1);
    }
    // pino is an optional peer of @sightline/pino: an app without pino does not get it (nor its ESM hook).
    expect(existsSync(join(app, 'node_modules', 'pino'))).toBe(false);
  });
});

describe('an app outside the workspace', () => {
  for (const [flag, file] of [['--import', 'server.mjs'], ['--require', 'server.cjs']] as const) {
    it(`exports its server span under ${flag}`, async () => {
      const proc = startNode([flag, '@sightline/instrumentation', file], {
        cwd: app, env: { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
      });
      try {
        const port = Number((await proc.waitForOutput(/listening (\d+)/))[1]);
        expect(proc.stdout()).toContain('apis function function circuit_breaker.name');
        const path = `/packed${flag.replace('--', '-')}`;
        expect(await (await fetch(`http://127.0.0.1:${port}${path}`)).text()).toBe(`ok ${path}`);
        await receiver.waitFor(`span for ${path}`, () => receiver.spans.some((s) => s.attributes['url.path'] === path));
        const span = receiver.spans.find((s) => s.attributes['url.path'] === path)!;
        expect(span).toMatchObject({ name: 'GET', kind: 2, attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 } });
        expect(span.resource).toMatchObject({ 'service.name': 'packed-app', 'service.version': '1.2.3' });
        expect(span.resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
        expect(proc.stderr()).toMatch(/sightline: service=packed-app/);
        // Nothing to hook in this app (no pino, express, ...): no library instrumentation, no ESM hook.
        expect(proc.stderr()).toMatch(/instrumentations=http,runtime-node \(on first use: undici\)\n/);
      } finally {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
    });
  }

  it('under NODE_OPTIONS and `npm start`, instruments the app and not npm', async () => {
    const before = receiver.metrics.length;
    const child = spawn('npm', ['start'], {
      cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...FAST_EXPORT, NODE_OPTIONS: '--import @sightline/instrumentation', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => { output += c; });
    child.stderr.on('data', (c: Buffer) => { output += c; });
    const exited = new Promise((ok) => child.on('exit', ok));
    try {
      await receiver.waitFor('listening', () => /listening \d+/.test(output), 30_000);
      // Several export intervals: an instrumented npm process would have exported its own metrics by now.
      await receiver.waitFor('app metrics', () => new Set(receiver.metrics.slice(before).map((m) => m.resource['process.pid'])).size >= 1 && receiver.metrics.length - before > 20);
      await new Promise((r) => setTimeout(r, 1500));
      const services = new Set(receiver.metrics.slice(before).map((m) => m.resource['service.name']));
      expect([...services]).toEqual(['packed-app']);
      expect(new Set(receiver.metrics.slice(before).map((m) => m.resource['process.pid'])).size).toBe(1);
      expect(output).toMatch(/sightline: standing aside: this process is npm \(.*\), not an app/);
      expect(output).toMatch(/sightline: service=packed-app/);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});

describe('a TypeScript project compiled as CommonJS', () => {
  for (const config of ['node16', 'commonjs']) {
    it(`gets types and runs (module ${config})`, async () => {
      const dir = join(app, 'ts-cjs');
      const tsc = await exec(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${config}.json`], { cwd: dir }).catch((e) => e);
      expect(tsc.code ?? 0, `tsc:\n${tsc.stdout}${tsc.stderr}`).toBe(0);
      const out = join(dir, `out-${config}`, 'index.js');
      expect(readFileSync(out, 'utf8')).toMatch(/require\("@sightline\/instrumentation\/api"\)/);
      const { stdout } = await exec(process.execPath, [out], { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({
        service: 'ts-cjs', masked: '[Redacted]', attribute: 'circuit_breaker.name', handle: null,
        functions: ['function', 'function', 'function'],
      });
      expect(readdirSync(join(dir, `out-${config}`))).toEqual(['index.js']);
    });
  }
});
