// Starts a fixture process that prints `listening <port>` on stdout, and stops it again.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * @returns {Promise<{ child, pid, port, stderrLines: string[], stop(): Promise<void> }>}
 */
export async function startChild(command, args, { env, cwd, timeoutMs = 20_000 } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderrLines = [];
  let stderrTail = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    const parts = (stderrTail + chunk).split('\n');
    stderrTail = parts.pop();
    stderrLines.push(...parts);
  });

  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no "listening" line within ${timeoutMs} ms`)), timeoutMs);
    function fail(err) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.at(-1)}: ${err.message}\n${stderrLines.join('\n')}${stderrTail}`));
    }
    child.once('exit', (code, signal) => fail(new Error(`exited early (${code ?? signal})`)));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(Number(match[1]));
      }
    });
  });
  child.stdout.resume();

  const exited = once(child, 'exit');
  async function stop(graceMs = 5_000) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  return { child, pid: child.pid, port, stderrLines, stop };
}
