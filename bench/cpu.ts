import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU seconds (user + system, every thread) a process has used so far, from /proc/<pid>/stat.
 * CPU per request is the harness's profile: unlike wall-clock rates it does not move when other
 * work shares the machine.
 */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields resume after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the name and state.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

export type CpuSnapshot = Record<string, number>;

export function cpuSnapshot(pids: Record<string, number | undefined>): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const [name, pid] of Object.entries(pids)) if (pid) out[name] = cpuSecondsOf(pid);
  return out;
}

/** CPU milliseconds per unit of work between two snapshots, per process and in total. */
export function cpuMsPer(before: CpuSnapshot, after: CpuSnapshot, units: number): Record<string, number> {
  const out: Record<string, number> = {};
  let total = 0;
  for (const name of Object.keys(before)) {
    const ms = ((after[name]! - before[name]!) * 1000) / units;
    out[name] = Math.round(ms * 100) / 100;
    total += ms;
  }
  out.total = Math.round(total * 100) / 100;
  return out;
}
