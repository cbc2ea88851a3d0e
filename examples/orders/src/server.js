// orders: POST /orders { amount, currency } places an order, charges it at the payments service
// through a circuit breaker and records the business events the rules in rules.yaml count.
// Run it under the preload: SIGHTLINE_BUSINESS_RULES=./rules.yaml node --import @sightline/instrumentation src/server.js
import { randomUUID } from 'node:crypto';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { recordBusinessEvent } from '@sightline/processors';
import { drained } from '@sightline/instrumentation/api';
import { readConfig } from './config.js';
import { openOrdersTable } from './db.js';
import { log } from './log.js';
import { createPaymentsClient } from './payments-client.js';
import { startReconciliation } from './reconcile.js';

const config = readConfig();
const payments = createPaymentsClient(config);
const stored = await openOrdersTable(log);
const reconciliation = startReconciliation();
const app = express();
app.use(express.json());
app.use(pinoHttp({
  logger: log,
  quietReqLogger: true,
  quietResLogger: true,
  serializers: { req: (req) => ({ method: req.method, url: req.url }), res: (res) => ({ statusCode: res.statusCode }) },
  autoLogging: { ignore: (req) => req.url === '/health' },
}));

app.get('/health', (_req, res) => res.json({ status: 'ok' }));
if (stored) app.get('/orders/count', async (_req, res) => res.json({ count: await stored.count() }));

app.post('/orders', async (req, res) => {
  const amount = Number(req.body?.amount);
  const currency = typeof req.body?.currency === 'string' ? req.body.currency : 'EUR';
  if (!(amount > 0)) return res.status(400).json({ error: 'amount must be a positive number' });
  const order = { id: randomUUID(), amount, currency, card: typeof req.body?.card === 'string' ? req.body.card : undefined };

  recordBusinessEvent('order.placed', { value: amount, currency });
  req.log.info({ orderId: order.id, amount, currency }, 'order placed');
  const payment = await payments.charge(order);
  if (payment.charged) {
    await stored?.insert(order);
    recordBusinessEvent('order.completed', { value: amount, currency });
    reconciliation.completed();
    req.log.info({ orderId: order.id, amount, currency }, 'order completed');
    return res.status(201).json({ orderId: order.id, status: 'completed' });
  }
  recordBusinessEvent('payment.failed', { reason: payment.reason });
  req.log.warn({ orderId: order.id, reason: payment.reason, error: payment.error }, 'payment failed');
  res.status(503).json({ orderId: order.id, status: 'payment_failed', reason: payment.reason });
});

const server = app.listen(config.port, process.env.HOST || '127.0.0.1', () => {
  log.info({ port: server.address().port, paymentsUrl: config.paymentsUrl }, 'orders listening');
});
// Keep serving while the load balancer notices the failing readiness probe (SIGHTLINE_SHUTDOWN_DELAY_MS),
// then stop; the preload flushes on the way out.
process.on('SIGTERM', async () => {
  await drained();
  reconciliation.stop();
  server.close();
  void stored?.close();
});
