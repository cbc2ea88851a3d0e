// The discarding OTLP sink (fixtures/otlp-sink.mjs) every bench exports to.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './clean-env.js';
import { startChild } from './start-child.js';

const sinkScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'otlp-sink.mjs');

/** Starts the sink; `url` is its base URL, `stop()` ends it. */
export async function startSink() {
  const sink = await startChild(process.execPath, [sinkScript], { env: cleanEnv({}) });
  return { ...sink, url: `http://127.0.0.1:${sink.port}` };
}
