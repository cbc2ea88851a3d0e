// CPU pinning with taskset (util-linux): the server gets one core, the load generator and the OTLP
// sink (this process and its other children) the other. Without taskset, or with fewer than two
// allowed CPUs, everything runs unpinned and the caller prints a warning.
import { execFileSync, spawnSync } from 'node:child_process';

function allowedCpus() {
  try {
    const out = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' });
    const list = out.slice(out.lastIndexOf(':') + 1).trim();
    const cpus = [];
    for (const part of list.split(',')) {
      const [lo, hi = lo] = part.split('-').map(Number);
      for (let cpu = lo; cpu <= hi; cpu++) cpus.push(cpu);
    }
    return cpus;
  } catch {
    return null; // taskset missing
  }
}

/**
 * `{ serverCpu, loadCpu }`, or `{ reason }` when pinning is not possible. In the re-executed
 * process the choice made before re-executing is read back from `marker`.
 */
export function choosePinning(marker = 'SIGHTLINE_BENCH_PINNING') {
  if (process.env[marker]) return JSON.parse(process.env[marker]);
  const cpus = allowedCpus();
  if (cpus === null) return { reason: 'taskset not found (install util-linux)' };
  if (cpus.length < 2) return { reason: `only ${cpus.length} CPU allowed` };
  return { serverCpu: cpus[0], loadCpu: cpus[1], allowed: cpus };
}

/**
 * Re-runs this script under `taskset -c <loadCpu>` unless it already is, and exits with its status.
 * Returns only in the pinned process (or when pinning is off).
 */
export function reexecPinned(pinning, marker = 'SIGHTLINE_BENCH_PINNING') {
  if (pinning.reason || process.env[marker]) return;
  const result = spawnSync(
    'taskset',
    ['-c', String(pinning.loadCpu), process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, [marker]: JSON.stringify(pinning) } },
  );
  process.exit(result.status ?? 1);
}

/** Command and arguments that start `node <nodeArgs>` on the server core (or unpinned). */
export function serverCommand(pinning, nodeArgs) {
  if (pinning.reason) return [process.execPath, nodeArgs];
  return ['taskset', ['-c', String(pinning.serverCpu), process.execPath, ...nodeArgs]];
}
