// A stand-in payment provider on its own port, failing a configurable share of charges and every
// charge of the test card "declined".
import http from 'node:http';

export function startPaymentProvider(failureRate, port = 0) {
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const fail = body.includes('"card":"declined"') || Math.random() < failureRate;
    res.writeHead(fail ? 502 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(fail ? { error: 'card_declined' } : { status: 'charged' }));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
