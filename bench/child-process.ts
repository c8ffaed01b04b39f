import { stopWithParent } from '../scripts/parent-watchdog.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from here, as `npm run …` would run them. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts a TypeScript entry point the way `tsx file.ts` does, but as `node --import tsx file.ts`,
 * so the child's pid is the process that runs the code (tsx's CLI would put a wrapper process in
 * between, and the memory part measures this pid).
 */
export function spawnTs(script: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, BENCH_PARENT_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stopWithParent(child);
  return child;
}

/** For the harness's own child entry points: exit when the harness is gone. */
export function exitWithParent(): void {
  const parent = Number(process.env.BENCH_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 0) return;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}

/** Resolves with the first stdout line `match` accepts; rejects when the child exits first or the deadline passes. */
export function waitForLine(
  child: ChildProcess,
  match: (line: string) => boolean,
  timeoutMs: number,
  what: string,
): Promise<string> {
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(`${what}: no ready line within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: string | null) =>
      fail(`${what} exited (code ${code}, signal ${signal}) before it was ready: ${stderrTail.trim()}`);
    function done(): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.off('line', onLine);
      // Keep draining stdout so a chatty child never blocks on a full pipe.
      child.stdout?.resume();
    }
    function fail(message: string): void {
      done();
      reject(new Error(message));
    }
    function onLine(line: string): void {
      if (!match(line)) return;
      done();
      resolve(line);
    }
    lines.on('line', onLine);
    child.once('exit', onExit);
  });
}

/** Collects a child's whole stdout and resolves when it exits 0. */
export function outputOf(child: ChildProcess, what: string): Promise<string> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${what} failed (code ${code}, signal ${signal}): ${err.trim()}`));
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident set size of a process, in MB (Linux /proc; `ps` elsewhere). */
export function residentMb(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    throw new Error(`cannot read the memory of process ${pid} (/proc/${pid}/status)`);
  }
}
