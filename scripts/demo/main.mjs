// `./run demo [--full] [--short] [--out DIR]`: starts examples/payments and examples/orders under the
// preload, sends orders through a payments outage, and reports what Sightline recorded: in the
// terminal, as HTML and as JSON. Default: the services export to a receiver inside this process.
// --full: they export to the Sightline collector, and the KPIs come from a local Prometheus.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { htmlReport } from './html-report.mjs';
import { OtlpJsonReceiver } from './otlp-json-receiver.mjs';
import { freePort, startProcess, stopAll, stopAllOnSignals, stopProcess, waitForHttp } from './processes.mjs';
import { createProgress } from './progress.mjs';
import { breakerTransitions, buildReportData } from './report-data.mjs';
import { runScenario } from './scenario.mjs';
import { terminalReport } from './terminal-report.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const USAGE = 'usage: ./run demo [--full] [--short] [--out DIR]\n  --full   through the Sightline collector and a local Prometheus (builds the collector: needs Go)\n  --short  a quicker run (shorter breaker reset), as the tests use\n  --out    where report.html and report.json go (default .demo/)';
let args;
try {
  ({ values: args } = parseArgs({
    options: { full: { type: 'boolean' }, short: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean' } },
  }));
} catch (err) {
  console.error(`demo: ${err.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const outDir = resolve(args.out ?? join(ROOT, '.demo'));
const resetMs = args.short ? 1000 : 3000;
const progress = createProgress();
stopAllOnSignals((signal) => { progress.done(); process.stderr.write(`\ndemo: ${signal}: stopping every process it started\n`); });

mkdirSync(join(outDir, 'logs'), { recursive: true });
const receiver = await new OtlpJsonReceiver().start();
const startedAt = Date.now();
let full;
try {
  if (args.full) {
    const { startFullStack } = await import('./full-stack.mjs');
    full = await startFullStack({ root: ROOT, receiverUrl: receiver.url, outDir, progress });
  }
  const otlpUrl = full?.otlpUrl ?? receiver.url;
  const [ordersPort, paymentsPort] = [await freePort(), await freePort()];
  const telemetryEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BLRP_SCHEDULE_DELAY: '200', OTEL_METRIC_EXPORT_INTERVAL: '1000',
  };
  const service = (name, preload, env) => startProcess(name, process.execPath, [preload, '@sightline/instrumentation', 'src/server.js'], {
    cwd: join(ROOT, 'examples', name), env: { ...telemetryEnv, ...env }, logFile: join(outDir, 'logs', `${name}.log`),
  });
  const payments = service('payments', '--require', { PORT: String(paymentsPort) });
  const orders = service('orders', '--import', {
    PORT: String(ordersPort), PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`, ORDERS_BREAKER_RESET_MS: String(resetMs),
    SIGHTLINE_BUSINESS_RULES: join(ROOT, 'examples/orders/rules.yaml'),
  });
  progress.note(`started payments (pid ${payments.pid}, :${paymentsPort}) and orders (pid ${orders.pid}, :${ordersPort}), exporting to ${otlpUrl}`);
  await Promise.all([waitForHttp(`http://127.0.0.1:${paymentsPort}/health`, payments), waitForHttp(`http://127.0.0.1:${ordersPort}/health`, orders)]);

  // A transition first seen in a log line may show up again later from its span event: print it once.
  // Logs and spans arrive in separate batches (200 ms apart at most), so wait a little to print in order.
  const shown = [];
  const showTransitions = (all) => {
    for (const t of breakerTransitions(receiver).filter((x) => all || x.at < Date.now() - 600)) {
      if (shown.some((s) => s.from === t.from && s.to === t.to && Math.abs(s.at - t.at) < 1000)) continue;
      shown.push(t);
      progress.note(`breaker payments: ${t.from} -> ${t.to} (${t.source})`);
    }
  };
  receiver.onData = () => showTransitions(false);
  const stats = await runScenario({
    ordersUrl: `http://127.0.0.1:${ordersPort}`, paymentsUrl: `http://127.0.0.1:${paymentsPort}`, resetMs,
    pauseMs: args.short ? 40 : 120, transitions: () => breakerTransitions(receiver),
    progress: { ...progress, phase: (s) => { showTransitions(true); progress.phase(s); } },
  });
  progress.done();
  showTransitions(true);
  progress.note('traffic done; stopping the services (SIGTERM: the preload flushes every signal)');
  const endedAt = Date.now();
  await Promise.all([stopProcess(orders), stopProcess(payments)]);
  showTransitions(true);
  receiver.onData = () => {};
  const fromPrometheus = full ? await full.readKpis(progress, { ...stats, windowMs: endedAt - startedAt }) : {};
  await full?.drain(receiver);
  const data = buildReportData({ received: receiver, mode: args.full ? 'full' : 'embedded', startedAt, endedAt, stats, ...fromPrometheus });
  const files = { html: join(outDir, 'report.html'), json: join(outDir, 'report.json') };
  writeFileSync(files.json, `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(files.html, htmlReport(data));
  const shownFiles = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, relative(process.cwd(), f).startsWith('..') ? f : relative(process.cwd(), f)]));
  console.log(`\n${terminalReport(data, { color: Boolean(process.stdout.isTTY), files: shownFiles })}`);
} catch (err) {
  progress.done();
  console.error(`demo: ${process.env.SIGHTLINE_DEMO_DEBUG ? err.stack : err.message}`);
  process.exitCode = 1;
} finally {
  await stopAll();
  await receiver.stop();
}
