// Shared by start-postgres.mjs and start-redis.mjs: a server process on 127.0.0.1 that can be
// stopped and started again on the same port (a dependency going away and coming back).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (bound once, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `command args` and resolves once its output matches `ready`; rejects with the output when it
 * exits first or takes longer than `timeoutMs`. Returns { child, exited, output }.
 */
export function spawnUntilReady(command, args, { ready, timeoutMs = 30_000, env = process.env, cwd } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} not ready within ${timeoutMs} ms:\n${output}`)); }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, exited, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${output}`)); });
  });
}

/** Stops a spawned server with `signal` and waits for it to exit (SIGKILL after `timeoutMs`). */
export async function stopProcess(proc, signal = 'SIGTERM', timeoutMs = 10_000) {
  if (proc === undefined || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  await proc.exited;
  clearTimeout(timer);
}

/** Runs a started server from the command line until SIGINT/SIGTERM, printing `line` first. */
export function runFromCli(server, line) {
  console.log(line);
  const end = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
}
