import { fileURLToPath } from 'node:url';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startNode, type RunningProcess } from '@sightline/tests/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
// The preload by path: a workspace dependency on it would make a cycle (it depends on this package).
const PRELOAD = new URL('../../instrumentation/dist/register.mjs', import.meta.url).href;
const HOSTILE = 'x"; drop table<script>' + 'y'.repeat(300);

async function startService(fixture: string, env: Record<string, string>): Promise<{ proc: RunningProcess; url: string }> {
  const proc = startNode(['--import', PRELOAD, FIXTURES + fixture], {
    cwd: PACKAGE_ROOT,
    env: { OTEL_BLRP_SCHEDULE_DELAY: '50', OTEL_BSP_SCHEDULE_DELAY: '50', ...env },
  });
  const m = await proc.waitForOutput(/listening (\d+)/);
  return { proc, url: `http://127.0.0.1:${m[1]}` };
}

function lines(proc: RunningProcess): Array<Record<string, unknown>> {
  return proc.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('two services under the preload (A calls B)', () => {
  const receiver = new OtlpReceiver();
  let a: { proc: RunningProcess; url: string };
  let b: { proc: RunningProcess; url: string };

  beforeAll(async () => {
    await receiver.start();
    b = await startService('service-b.mjs', { OTEL_SERVICE_NAME: 'svc-b', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    a = await startService('service-a.mjs', { OTEL_SERVICE_NAME: 'svc-a', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, SERVICE_B: b.url });
  });
  afterAll(async () => {
    a?.proc.child.kill('SIGTERM');
    b?.proc.child.kill('SIGTERM');
    await Promise.all([a?.proc.exited, b?.proc.exited]);
    await receiver.stop();
  });

  it('every line of one request in both services shares one request id and one trace id, exported once', async () => {
    const tagged = await fetch(`${a.url}/work`, { headers: { 'x-request-id': 'two-svc-1' } });
    expect(await tagged.text()).toBe('from b');
    expect(tagged.headers.get('x-request-id')).toBe('two-svc-1');
    const hostile = await fetch(`${a.url}/work`, { headers: { 'x-request-id': HOSTILE } });
    const generated = hostile.headers.get('x-request-id');
    expect(generated).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(generated).not.toBe(HOSTILE);

    const expected = ['a handling', 'a got b', 'request completed', 'incoming request', 'b handling'];
    const linesOf = (id: string | null) => [...lines(a.proc), ...lines(b.proc)].filter((l) => l['request_id'] === id);
    // stdout arrives asynchronously: wait until both services wrote every line of both requests
    await receiver.waitFor('stdout lines', () =>
      ['two-svc-1', generated].every((id) => expected.every((msg) => linesOf(id).some((l) => l['msg'] === msg))
        && linesOf(id).filter((l) => l['msg'] === 'request completed').length >= 2),
    );
    for (const requestId of ['two-svc-1', generated]) {
      const mine = [...lines(a.proc), ...lines(b.proc)].filter((l) => l['request_id'] === requestId);
      const msgs = mine.map((l) => l['msg']);
      expect(msgs).toEqual(expect.arrayContaining(expected));
      expect(mine.filter((l) => l['msg'] === 'request completed')).toHaveLength(2); // pino-http in A, fastify in B
      const traceIds = new Set(mine.map((l) => l['trace_id']));
      expect(traceIds.size).toBe(1);
      expect([...traceIds][0]).toMatch(/^[0-9a-f]{32}$/);
      // both services logged it
      expect(lines(b.proc).some((l) => l['request_id'] === requestId)).toBe(true);
    }
    expect(a.proc.stdout() + b.proc.stdout()).not.toContain('drop table');

    // every correlated stdout line reaches the OTLP receiver exactly once, with its trace context
    const correlated = [...lines(a.proc), ...lines(b.proc)].filter((l) => typeof l['trace_id'] === 'string');
    await receiver.waitFor('log records', () => correlated.every((l) => receiver.logs.some((r) => r.spanId === l['span_id'] && r.body === l['msg'])));
    for (const line of correlated) {
      const copies = receiver.logs.filter((r) => r.traceId === line['trace_id'] && r.spanId === line['span_id'] && r.body === line['msg']);
      expect(copies, JSON.stringify(line)).toHaveLength(1);
      expect(copies[0]?.attributes['request.id']).toBe(line['request_id']);
    }
  });
});
