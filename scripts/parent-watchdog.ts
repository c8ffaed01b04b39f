import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A child process must not outlive the process that started it (a crashed test run, a killed
 * `npm start`, an interrupted chaos or bench run): a tiny detached watchdog sends it `signal` once
 * its parent is gone, and exits with the child.
 */
export function stopWithParent(
  child: ChildProcess,
  options: { signal?: NodeJS.Signals; intervalMs?: number } = {},
): void {
  if (!child.pid) return;
  const watchdog = `const [parent, child, signal, interval] = process.argv.slice(1);
    const alive = (pid) => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
    setInterval(() => {
      if (!alive(child)) process.exit(0);
      if (!alive(parent)) { try { process.kill(Number(child), signal); } catch {} process.exit(0); }
    }, Number(interval));`;
  const args = [
    String(process.pid),
    String(child.pid),
    options.signal ?? 'SIGKILL',
    String(options.intervalMs ?? 1000),
  ];
  spawn(process.execPath, ['-e', watchdog, ...args], { detached: true, stdio: 'ignore' }).unref();
}

/** Stops a child with `signal` and resolves once it has exited; SIGKILL after `graceMs` if it has not. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  return new Promise<void>((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill(signal);
  });
}
