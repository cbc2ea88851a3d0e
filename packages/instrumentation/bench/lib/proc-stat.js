// Process CPU time and RSS from /proc (Linux), read from outside the measured process so that
// measuring costs the server nothing. utime+stime cover every thread of the process (main thread,
// libuv pool, GC helpers), including threads that already ended.
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';

let clockTicks;
function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time of `pid` in microseconds. */
export function readCpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / ticksPerSecond();
}

/** Resident set size of `pid` in bytes. */
export function readRssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** The executable `pid` runs (after taskset has exec'd into node, node's path). */
export function readExe(pid) {
  return readlinkSync(`/proc/${pid}/exe`);
}

/** Per-CPU `{ busy, idle, steal }` jiffies from /proc/stat, keyed by CPU number. */
export function readCpuTimes() {
  const times = {};
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match) continue;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = match[2].split(' ').map(Number);
    times[match[1]] = { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
  }
  return times;
}

/** Busy, idle and steal shares of one CPU between two readCpuTimes() snapshots, in percent. */
export function cpuShares(before, after, cpu) {
  const b = before[cpu];
  const a = after[cpu];
  if (!a || !b) return undefined;
  const busy = a.busy - b.busy;
  const idle = a.idle - b.idle;
  const steal = a.steal - b.steal;
  const total = busy + idle + steal || 1;
  return { busyPct: (100 * busy) / total, idlePct: (100 * idle) / total, stealPct: (100 * steal) / total };
}
