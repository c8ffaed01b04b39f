export interface ClosedLoopRun {
  /** From the first start to the last completion. */
  elapsedMs: number;
  latencies: number[];
}

/**
 * A closed loop: `concurrency` callers, each starting the next task as soon as its last one ended,
 * until `count` tasks ran. Any failure stops the run (a benchmark of failing requests is no
 * benchmark). `onProgress` hears the number done about every two seconds.
 */
export async function runClosedLoop(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  onProgress?: (done: number, elapsedMs: number) => void,
): Promise<ClosedLoopRun> {
  const latencies: number[] = [];
  let next = 0;
  let failure: unknown;
  const started = performance.now();
  const ticker = onProgress
    ? setInterval(() => onProgress(latencies.length, performance.now() - started), 2_000)
    : undefined;
  const caller = async () => {
    while (failure === undefined) {
      const index = next++;
      if (index >= count) return;
      const t0 = performance.now();
      try {
        await task(index);
      } catch (error) {
        failure ??= error;
        return;
      }
      latencies.push(performance.now() - t0);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, caller));
  } finally {
    if (ticker) clearInterval(ticker);
  }
  if (failure !== undefined) throw failure;
  return { elapsedMs: performance.now() - started, latencies };
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs` saying what it waited for. */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}
