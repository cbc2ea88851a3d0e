// payments: POST /charge answers after PAYMENTS_DELAY_MS and fails a PAYMENTS_FAILURE_RATE share of
// charges with 503. GET/POST /admin/mode reads or changes both while it runs.
// Run it under the preload: node --require @sightline/instrumentation src/server.js
const http = require('node:http');
const log = require('./log');
const { mode, readNumber, updateMode } = require('./mode');

function readJson(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      try { resolve(body ? JSON.parse(body) : {}); } catch { resolve(undefined); }
    });
  });
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function charge(req, res) {
  const payment = await readJson(req);
  if (!payment || !(Number(payment.amount) > 0)) return send(res, 400, { error: 'amount must be a positive number' });
  if (mode.delayMs > 0) await new Promise((r) => setTimeout(r, mode.delayMs));
  // The test card "declined" always fails, so tests can fail chosen charges.
  if (payment.card === 'declined' || Math.random() < mode.failureRate) {
    log.warn({ orderId: payment.orderId, amount: payment.amount, currency: payment.currency }, 'charge refused: card processor unavailable');
    return send(res, 503, { error: 'card processor unavailable' });
  }
  log.info({ orderId: payment.orderId, amount: payment.amount, currency: payment.currency }, 'charge accepted');
  send(res, 200, { status: 'charged', orderId: payment.orderId });
}

async function admin(req, res) {
  if (req.method === 'POST') {
    const body = await readJson(req);
    const problems = body ? updateMode(body) : ['body must be JSON'];
    if (problems.length) return send(res, 400, { errors: problems, mode });
    log.info({ mode }, 'mode changed');
  }
  send(res, 200, mode);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'POST' && path === '/charge') return void charge(req, res);
  if (path === '/admin/mode' && (req.method === 'GET' || req.method === 'POST')) return void admin(req, res);
  send(res, 404, { error: 'not found' });
});

const port = readNumber('PORT', process.env.PORT, 0, 65535, 3002);
server.listen(port, process.env.HOST || '127.0.0.1', () => {
  log.info({ port: server.address().port, mode }, 'payments listening');
});
process.on('SIGTERM', () => server.close());
