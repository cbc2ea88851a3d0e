// Process CPU time and RSS from /proc (Linux), read from outside the measured process so that
// measuring costs the server nothing. utime+stime cover every thread of the process (main thread,
// libuv pool, GC helpers), including threads that already ended.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

export function readComm(pid) {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}
