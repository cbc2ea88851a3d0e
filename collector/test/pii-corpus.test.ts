import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, leaks, sendCorpus } from '../../packages/instrumentation/test/helpers/pii-corpus.ts';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { waitFor } from './helpers/wait-for.ts';

// The PII corpus of packages/instrumentation/test/integration/pii.test.ts, sent through a real service
// under the preload, then through the built collector to Tempo and Axiom stand-ins (Axiom cannot be
// reached from here). Nothing of the corpus may reach either backend or the collector's own log.
const INSTRUMENTATION = fileURLToPath(new URL('../../packages/instrumentation/', import.meta.url));
const storage = tempDir('pii-corpus');
const tempo = new OtlpReceiver({ port: await freePort() });
const axiom = new OtlpReceiver({ port: await freePort() });
let collector: CollectorProcess;
let app: ChildProcess;
let appOutput = '';

beforeAll(async () => {
  await tempo.start();
  await axiom.start();
  const { env, ports } = await testCollectorEnv(storage.path);
  collector = await CollectorProcess.start({
    ...env,
    SIGHTLINE_SAMPLING_PERCENT: '100',
    SIGHTLINE_TEMPO_ENDPOINT: tempo.url,
    AXIOM_URL: axiom.url, AXIOM_TOKEN: 'xaat-test', AXIOM_DATASET: 'traces', AXIOM_METRICS_DATASET: 'metrics',
    SIGHTLINE_DEBUG: 'detailed',
  }, ports);
  app = spawn(process.execPath, ['--import', '@sightline/instrumentation', 'test/fixtures/app/pii-server.mjs'], {
    cwd: INSTRUMENTATION,
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME,
      PII_CORPUS: JSON.stringify(CORPUS),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_BLRP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '500',
      OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST: 'authorization,cookie,x-api-key,x-forwarded-email',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (d: Buffer) => (appOutput += d.toString()));
  app.stderr!.on('data', (d: Buffer) => (appOutput += d.toString()));
  const port = await waitFor('pii-server listening', () => appOutput.match(/listening (\d+)/)?.[1], 15_000);
  await sendCorpus(`http://127.0.0.1:${port}`);
  await waitFor('the corpus spans and logs at Tempo and Axiom', () =>
    tempo.spans.some((s) => s.attributes['url.path'] === '/login') && axiom.logs.some((l) => l.body === 'login attempt') ? true : undefined, 20_000);
}, 60_000);

afterAll(async () => {
  app?.kill('SIGKILL');
  await collector?.stop();
  await tempo.stop();
  await axiom.stop();
  storage.remove();
});

describe('PII corpus through the collector', () => {
  it('reaches neither backend, in any signal', () => {
    const bodies = (sink: OtlpReceiver) => sink.requests.map((r) => JSON.stringify(r.body)).join('\n');
    expect(tempo.spans.filter((s) => String(s.attributes['url.path'] ?? '').startsWith('/users/')).length).toBeGreaterThan(0);
    expect(leaks(bodies(tempo))).toEqual([]);
    expect(leaks(bodies(axiom))).toEqual([]);
  });

  it('is not in the collector\'s own log (debug exporter, detailed)', () => {
    expect(collector.output).toContain('url.path');
    expect(leaks(collector.output)).toEqual([]);
  });
});
