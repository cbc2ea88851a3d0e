// Every process the demo starts goes through here, so one place stops them all: on success, on an
// error, and on Ctrl-C (SIGINT) or SIGTERM. Each child gets its own process group, so the terminal's
// Ctrl-C reaches the demo only and the demo stops the services in order (SIGTERM lets the preload
// flush; SIGKILL after a grace period).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

const running = new Set();

export function startProcess(name, command, args, { cwd, env, logFile } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = logFile ? createWriteStream(logFile) : undefined;
  let output = '';
  const keep = (c) => { output = (output + c).slice(-20_000); out?.write(c); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { running.delete(proc); out?.end(); resolve({ code, signal }); }));
  const proc = { name, pid: child.pid, child, exited, output: () => output };
  running.add(proc);
  child.once('error', (err) => { keep(`${name}: ${err.message}\n`); });
  return proc;
}

/** SIGTERM to one process (its group), SIGKILL when it has not exited after `graceMs`. */
export async function stopProcess(proc, graceMs = 8000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.exited;
  signalGroup(proc, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

export async function stopAll(graceMs) {
  await Promise.all([...running].map((p) => stopProcess(p, graceMs)));
}

function signalGroup(proc, signal) {
  try { process.kill(-proc.pid, signal); } catch { try { proc.child.kill(signal); } catch { /* gone */ } }
}

/** Ctrl-C and SIGTERM stop every child, then exit 130/143; a crash of the demo kills them outright. */
export function stopAllOnSignals(onStop) {
  let stopping = false;
  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      onStop?.(signal);
      stopAll(3000).finally(() => process.exit(status));
    });
  }
  process.on('exit', () => { for (const p of running) signalGroup(p, 'SIGKILL'); });
}

export async function waitForHttp(url, proc, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited early:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function freePort() {
  return import('node:net').then(({ createServer }) => new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  }));
}
