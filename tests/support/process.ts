import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit status as a shell reports it (128 + signal number when killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; status: number }>;
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Spawns a Node process (the same binary as the test runner unless SIGHTLINE_TEST_NODE is set).
 * `wrapper` is a command line that runs before Node and ends with `exec "$@"`-style hand-over.
 */
export function startNode(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; wrapper?: string[] } = {}): RunningProcess {
  const node = process.env.SIGHTLINE_TEST_NODE ?? process.execPath;
  const [command, ...argv] = [...(opts.wrapper ?? []), node, ...args];
  const child = spawn(command!, argv, { cwd: opts.cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; status: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, status: code ?? 128 + (signal ? SIGNAL_NUMBERS[signal] ?? 0 : 0) }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitForOutput(re, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = (out + err).match(re);
        if (m) return m;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no output matching ${re}\nstdout:\n${out}\nstderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
