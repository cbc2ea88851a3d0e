// orders-service: POST /orders charges a payment provider through a circuit breaker and records
// business events. Run it under the preload: node --import @sightline/instrumentation src/server.js
import http from 'node:http';
import CircuitBreaker from 'opossum';
import pino from 'pino';
import { instrumentBreaker, recordBusinessEvent, trackJob } from '@sightline/processors';
import { openOrdersTable } from './db.js';
import { startPaymentProvider } from './payments.js';

const log = pino({ name: 'orders-service' });
// PAYMENT_PROVIDER_URL points at a provider running as a service of its own; otherwise a stand-in runs here.
const provider = process.env.PAYMENT_PROVIDER_URL ? undefined : await startPaymentProvider(Number(process.env.PAYMENT_FAILURE_RATE ?? 0.2));
const providerUrl = process.env.PAYMENT_PROVIDER_URL ?? `http://127.0.0.1:${provider.address().port}/charge`;
const orders = await openOrdersTable(log);

async function charge(order) {
  const res = await fetch(providerUrl, { method: 'POST', body: JSON.stringify(order) });
  if (!res.ok) throw new Error(`payment provider answered ${res.status}`);
  return res.json();
}

const payments = instrumentBreaker(
  new CircuitBreaker(charge, { timeout: 2000, resetTimeout: 5000, errorThresholdPercentage: 50, volumeThreshold: 5 }),
  { name: 'payments' },
);

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { try { resolve(body ? JSON.parse(body) : {}); } catch (err) { reject(err); } });
  });
}

async function createOrder(req, res) {
  const order = await readJson(req);
  const total = Number(order.total ?? 42.5);
  const currency = order.currency ?? 'EUR';
  try {
    await payments.fire({ total, currency, card: order.card });
  } catch (err) {
    const reason = payments.opened ? 'breaker_open' : 'provider_error';
    recordBusinessEvent('payment.failed', { reason });
    log.warn({ reason, err: err.message }, 'payment failed');
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'payment_failed', reason }));
    return;
  }
  const id = await orders?.insert(total, currency);
  recordBusinessEvent('order.completed', { value: total, currency });
  completedSinceLastRun++;
  log.info({ total, currency, id }, 'order completed');
  res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'completed', id }));
}

// A background job: every run is a trace of its own and feeds the job metrics and alerts.
let completedSinceLastRun = 0;
const reconcileFailureRate = Number(process.env.RECONCILE_FAILURE_RATE ?? 0);
const reconcileEveryMs = Number(process.env.RECONCILE_INTERVAL_MS ?? 30_000);
const reconcile = trackJob('orders.reconcile', async () => {
  if (Math.random() < reconcileFailureRate) throw new Error('ledger and payment provider disagree');
  log.info({ orders: completedSinceLastRun }, 'orders reconciled');
  completedSinceLastRun = 0;
}, { timeoutMs: 10_000, preventOverlap: true, expectedIntervalMs: reconcileEveryMs });
const reconcileTimer = setInterval(() => void reconcile().catch((err) => log.warn({ err: err.message }, 'reconciliation failed')), reconcileEveryMs);
reconcileTimer.unref();

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/health') return res.end('ok');
  if (req.method === 'POST' && path === '/orders') return void createOrder(req, res).catch((err) => {
    log.error({ err }, 'order failed');
    res.writeHead(500).end();
  });
  if (req.method === 'GET' && path === '/orders/count' && orders) return void orders.count().then(
    (n) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: n })),
    (err) => { log.error({ err }, 'count failed'); res.writeHead(500).end(); },
  );
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  log.info({ port: server.address().port }, 'orders-service listening');
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => {
  clearInterval(reconcileTimer);
  server.close();
  provider?.close();
  void orders?.close();
});
