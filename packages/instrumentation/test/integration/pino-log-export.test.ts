import { startNode } from '@sightline/tests/process';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../helpers/app.js';

// One pino line inside a span; prints the line as written and the class of the logger's stream.
const SCRIPT = `
const pino = require('pino');
const { trace } = require('@opentelemetry/api');
const lines = [];
const logger = pino({ base: undefined }, { write: (l) => lines.push(l) });
trace.getTracer('t').startActiveSpan('work', (span) => {
  logger.info({ order: 7 }, 'priced');
  span.end();
});
console.log(JSON.stringify({ line: JSON.parse(lines[0]), stream: logger[pino.symbols.streamSym].constructor.name }));
`;

async function run(env: Record<string, string>): Promise<{ line: Record<string, unknown>; stream: string }> {
  const proc = startNode(['--require', '@sightline/instrumentation', '-e', SCRIPT], { cwd: PACKAGE_ROOT, env: { OTEL_METRICS_EXPORTER: 'none', ...env } });
  const exit = await proc.exited;
  expect(exit.code, proc.stderr()).toBe(0);
  return JSON.parse(proc.stdout().trim().split('\n').at(-1)!) as { line: Record<string, unknown>; stream: string };
}

describe('pino lines and the logs exporter', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => receiver?.stop());

  it('OTEL_LOGS_EXPORTER=none: lines are still correlated, but not parsed into log records for nowhere', async () => {
    const { line, stream } = await run({ OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
    expect(line).toMatchObject({ msg: 'priced', order: 7, trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(stream).not.toBe('OtlpLogStream');
  });

  it('with a logs exporter the same line is exported as a log record with the span ids', async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
    const { line, stream } = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    expect(stream).toBe('OtlpLogStream');
    await receiver.waitFor('the log record', () => receiver!.logs.some((l) => l.body === 'priced'));
    const record = receiver.logs.find((l) => l.body === 'priced')!;
    expect(record.traceId).toBe(line['trace_id']);
    expect(record.attributes['order']).toBe(7);
  });

  it('a line logged right before flush() and process.exit() is exported (records wait for the next turn; the flush emits them first)', async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
    // 'first' builds the logs pipeline on the next turn; 'bye' is logged in a later turn, right before the flush.
    const script = "const logger = require('pino')(); logger.info('first'); setImmediate(() => { logger.info({ step: 'last' }, 'bye');" +
      "require('@sightline/instrumentation/api').startSightline().flush().then(() => process.exit(0)); });";
    const proc = startNode(['--require', '@sightline/instrumentation', '-e', script], {
      cwd: PACKAGE_ROOT, env: { OTEL_METRICS_EXPORTER: 'none', OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
    });
    expect((await proc.exited).code, proc.stderr()).toBe(0);
    expect(proc.stdout()).toContain('"msg":"bye"');
    expect(receiver.logs.map((l) => l.body)).toEqual(['first', 'bye']);
  });
});
