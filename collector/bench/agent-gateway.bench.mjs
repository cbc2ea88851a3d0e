// Throughput of the two-tier setup on this machine: one agent -> one gateway (tail sampling, span
// metrics, Tempo exporter into a discarding sink), OTLP/JSON load from this process. Prints spans/s
// accepted by the gateway, and CPU and RSS of each collector. A figure for the README, not a test.
//   node bench/agent-gateway.bench.mjs [seconds=20] [spansPerRequest=500] [concurrency=4]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [seconds = 20, perRequest = 500, concurrency = 4] = process.argv.slice(2).map(Number);
const dir = new URL('..', import.meta.url).pathname;
const bin = process.env.SIGHTLINE_COLLECTOR_BIN ?? join(dir, '_build/otelcol-sightline/otelcol-sightline');
const TICKS = 100; // /proc stat clock ticks per second on Linux

const freePort = () => new Promise((resolve) => {
  const s = createNetServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

async function collector(role, extra) {
  const storage = mkdtempSync(join(tmpdir(), `sightline-bench-${role}-`));
  const ports = { grpc: await freePort(), http: await freePort(), health: await freePort(), self: await freePort() };
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME, SIGHTLINE_COLLECTOR_BIN: bin, SIGHTLINE_COLLECTOR_ROLE: role,
    SIGHTLINE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.grpc}`, SIGHTLINE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.http}`,
    SIGHTLINE_HEALTH_ENDPOINT: `127.0.0.1:${ports.health}`, SIGHTLINE_SELF_METRICS_HOST: '127.0.0.1',
    SIGHTLINE_SELF_METRICS_PORT: String(ports.self), SIGHTLINE_STORAGE_DIR: storage, SIGHTLINE_LOG_LEVEL: 'warn', ...extra,
  };
  const child = spawn(join(dir, 'scripts/run.sh'), [], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 120; i++) {
    if (await fetch(`http://127.0.0.1:${ports.health}/`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, ports, stop: () => { child.kill('SIGTERM'); rmSync(storage, { recursive: true, force: true }); } };
}

function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  return { cpu: (Number(stat[11]) + Number(stat[12])) / TICKS, rss };
}

async function selfMetric(c, name) {
  const text = await (await fetch(`http://127.0.0.1:${c.ports.self}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const sink = createServer((req, res) => { req.resume(); req.on('end', () => res.end()); }).listen(0, '127.0.0.1');
await new Promise((r) => sink.once('listening', r));
const gateway = await collector('gateway', { SIGHTLINE_TEMPO_ENDPOINT: `http://127.0.0.1:${sink.address().port}` });
const agent = await collector('agent', { SIGHTLINE_GATEWAY_ENDPOINTS: `127.0.0.1:${gateway.ports.grpc}` });

const attr = (key, value) => ({ key, value: { stringValue: value } });
const bodies = Array.from({ length: 64 }, () => {
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: perRequest }, (_, i) => ({
    traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), name: 'GET /orders/:id', kind: 2,
    startTimeUnixNano: String(now - 5_000_000n), endTimeUnixNano: String(now),
    attributes: [attr('http.route', '/orders/:id'), attr('http.request.method', 'GET'), attr('url.path', `/orders/${i}`)],
    status: { code: 1 },
  }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'bench')] }, scopeSpans: [{ spans }] }] });
});

const before = { agent: usage(agent.child.pid), gateway: usage(gateway.child.pid), accepted: await selfMetric(gateway, 'otelcol_receiver_accepted_spans') };
const started = Date.now();
let sent = 0;
let peak = { agent: 0, gateway: 0 };
const sampler = setInterval(() => {
  peak = { agent: Math.max(peak.agent, usage(agent.child.pid).rss), gateway: Math.max(peak.gateway, usage(gateway.child.pid).rss) };
}, 500);
await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
  for (let i = w; Date.now() - started < seconds * 1000; i += concurrency) {
    const res = await fetch(`http://127.0.0.1:${agent.ports.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length] });
    await res.arrayBuffer();
    if (res.ok) sent += perRequest;
  }
}));
const elapsed = (Date.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 3000)); // let the agent's queues drain
clearInterval(sampler);
const after = { agent: usage(agent.child.pid), gateway: usage(gateway.child.pid), accepted: await selfMetric(gateway, 'otelcol_receiver_accepted_spans') };
const mib = (b) => (b / 1048576).toFixed(0);
const gatewaySpans = after.accepted - before.accepted;
console.log(`agent -> gateway, ${seconds} s, ${perRequest} spans/request, ${concurrency} concurrent senders, ${process.arch}, Node ${process.version}`);
console.log(`sent to agent: ${(sent / elapsed).toFixed(0)} spans/s; accepted by gateway: ${(gatewaySpans / (elapsed + 3)).toFixed(0)} spans/s (${gatewaySpans} spans for ${sent} sent${gatewaySpans > sent ? ': the surplus is requests the agent sent again after a timeout' : ''})`);
for (const role of ['agent', 'gateway']) {
  const cpu = after[role].cpu - before[role].cpu;
  console.log(`${role}: ${(cpu / (elapsed + 3) * 100).toFixed(0)}% of one core on average, ${(cpu * 1e6 / Math.max(gatewaySpans, 1)).toFixed(1)} µs CPU per span, peak RSS ${mib(peak[role])} MiB`);
}
agent.stop();
gateway.stop();
sink.close();
