import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The README's recipes, run under the real preload: the framework's own request id is Sightline's.
const exec = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PRELOAD = new URL('../../instrumentation/dist/register.mjs', import.meta.url).href;

async function run(fixture: string): Promise<{ lines: Array<Record<string, any>>; responseIds: string[] }> {
  const { stdout, stderr } = await exec(process.execPath, ['--import', PRELOAD, FIXTURES + fixture], {
    cwd: FIXTURES,
    env: { PATH: process.env.PATH, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  });
  const results = JSON.parse(stderr.split('\n').find((l) => l.startsWith('RESULT '))!.slice(7)) as Array<{ path: string; requestId: string }>;
  return {
    lines: stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>),
    responseIds: results.filter((r) => r.path.startsWith('/work')).map((r) => r.requestId),
  };
}

describe('request id recipes', () => {
  it('pino-http genReqId: req.id is the id Sightline adopted or generated', async () => {
    const { lines, responseIds } = await run('recipe-pino-http.mjs');
    expect(responseIds[0]).toBe('req-abc.123:x_y');
    expect(responseIds[1]).toMatch(/^[0-9a-f-]{36}$/);
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => l.req.id)).toEqual(responseIds);
    expect(completed.map((l) => l.request_id)).toEqual(responseIds);
  });

  it('fastify genReqId: reqId is the id Sightline adopted or generated', async () => {
    const { lines, responseIds } = await run('recipe-fastify.mjs');
    expect(responseIds[0]).toBe('req-abc.123:x_y');
    const handling = lines.filter((l) => l.msg === 'handling');
    expect(handling.map((l) => l.reqId)).toEqual(responseIds);
    expect(handling.map((l) => l.request_id)).toEqual(responseIds);
  });
});
