// `./run demo`: starts examples/orders-service under the preload with every signal printed to the
// console, sends it a few orders and a health check, then stops it with SIGTERM (which flushes).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const service = fileURLToPath(new URL('../examples/orders-service/', import.meta.url));
const child = spawn(process.execPath, ['--import', '@sightline/instrumentation', 'src/server.js'], {
  cwd: service,
  env: {
    ...process.env,
    SIGHTLINE_BACKENDS: process.env.SIGHTLINE_BACKENDS ?? 'console',
    SIGHTLINE_BUSINESS_RULES: './rules.yaml',
    OTEL_METRIC_EXPORT_INTERVAL: '2000',
    OTEL_BSP_SCHEDULE_DELAY: '500',
    PAYMENT_FAILURE_RATE: '0.3',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
child.stdout.pipe(process.stdout);
const port = await new Promise((resolve, reject) => {
  child.stdout.on('data', (c) => { const m = /listening (\d+)/.exec(String(c)); if (m) resolve(Number(m[1])); });
  child.once('exit', (code) => reject(new Error(`orders-service exited early (${code})`)));
});
console.error(`\n== demo: sending 8 orders and a health check to http://127.0.0.1:${port} ==\n`);
for (let i = 0; i < 8; i++) {
  const res = await fetch(`http://127.0.0.1:${port}/orders`, { method: 'POST', body: JSON.stringify({ total: 10 + i * 5, currency: 'EUR' }) });
  console.error(`== POST /orders -> ${res.status} ${await res.text()} (x-request-id: ${res.headers.get('x-request-id')})`);
}
await fetch(`http://127.0.0.1:${port}/health`);
await new Promise((r) => setTimeout(r, 2500));
console.error('\n== demo: SIGTERM (the preload flushes every signal, then the process exits) ==\n');
child.kill('SIGTERM');
child.once('exit', (code, signal) => console.error(`== orders-service exited (${signal ?? code})`));
