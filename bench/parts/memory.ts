import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { bareHostingRequest } from '../baseline/workflows.js';
import { residentMb, spawnTs, stopChild, waitForLine } from '../child-process.js';
import type { BenchContext } from '../context.js';
import { runClosedLoop } from '../closed-loop.js';
import { round } from '../stats.js';
import { bareRequestInput } from '../request-body.js';

export interface MemoryFigures {
  waiting_requests: number;
  /** RSS of the worker process with every request waiting on Bandwidth, once they settled. */
  worker_rss_mb: number;
  /** The same process once started, before any request. */
  worker_rss_idle_mb: number;
  /** The process's high-water mark (VmHWM) over the part. */
  worker_rss_peak_mb: number;
  baseline_rss_mb: number;
  baseline_rss_idle_mb: number;
  baseline_rss_peak_mb: number;
  measured: string;
}

const measuredHow = (settleMs: number) =>
  `VmRSS (/proc/<pid>/status) of the worker as its own process — node --import tsx worker/main.ts, what \`npm run worker\` runs, its workflow bundle already in DATA_DIR/cache as on every start after a version's first — largest of samples every 0.5 s over ${settleMs / 1000} s once every request waited; idle: the same process before any request; baseline: bench/baseline/worker-main.ts alike, with its bundle built beforehand`;

const workerMain = fileURLToPath(new URL('../../worker/main.ts', import.meta.url));
const bareWorkerMain = fileURLToPath(new URL('../baseline/worker-main.ts', import.meta.url));

export interface Rss {
  rssMb: number;
  peakMb: number;
}

/** RSS samples over `ms`: the largest (the settled level; GC makes single samples jumpy). */
export async function settledRss(pid: number, ms: number): Promise<Rss> {
  let rssMb = 0;
  let peakMb = 0;
  for (let t = 0; t <= ms; t += 500) {
    const sample = residentMb(pid);
    rssMb = Math.max(rssMb, sample.rssMb);
    peakMb = Math.max(peakMb, sample.peakMb);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { rssMb, peakMb };
}

/** hostflow's worker as it ships, configured by environment; resolves once it runs, with its idle RSS. */
export async function startWorkerProcess(
  context: BenchContext,
  env: Record<string, string>,
): Promise<{ worker: ChildProcess; idle: Rss }> {
  const worker = spawnTs(workerMain, env);
  try {
    await waitForLine(worker, (line) => line.includes('"msg":"worker running"'), 120_000, 'worker/main.ts');
    return { worker, idle: await settledRss(worker.pid!, context.sizes.memory.settleMs) };
  } catch (error) {
    await stopChild(worker);
    throw error;
  }
}

/** The baseline: the bare worker as its own process with `waiting` bare workflows waiting for their signal. */
export async function bareWorkerUnderLoad(context: BenchContext, waiting: number): Promise<{ idle: Rss; loaded: Rss }> {
  const taskQueue = `bench-${context.tag}-memory-bare`;
  context.progress('memory · starting the baseline worker as its own process');
  const bundleFile = join(context.dataDir, 'bare-workflow-bundle.js');
  await writeFile(bundleFile, context.bundles.bare.code);
  const worker: ChildProcess = spawnTs(bareWorkerMain, {
    ...context.temporalEnv,
    TEMPORAL_ADDRESS: context.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    BENCH_WORKER_TUNING: JSON.stringify(context.tuning),
    BENCH_WORKFLOW_BUNDLE: bundleFile,
  });
  try {
    await waitForLine(worker, (line) => line.includes('"msg":"worker running"'), 120_000, 'baseline worker');
    const idle = await settledRss(worker.pid!, context.sizes.memory.settleMs);
    const allWaiting = waitForLine(
      worker,
      (line) => ((JSON.parse(line) as { ordersCreated?: number }).ordersCreated ?? 0) >= waiting,
      60_000 + waiting * 500,
      `${waiting} bare requests waiting`,
    );
    context.progress(`memory · baseline: ${waiting} bare requests waiting for their signal`);
    await runClosedLoop(waiting, 20, async (i) => {
      await context.client.workflow.start<typeof bareHostingRequest>('bareHostingRequest', {
        taskQueue,
        workflowId: `bare-bench-${context.tag}-mem${i}`,
        args: [bareRequestInput(`bench-${context.tag}-mem${i}`, context.numbers(2))],
      });
    });
    await allWaiting;
    const loaded = await settledRss(worker.pid!, context.sizes.memory.settleMs);
    context.progress(
      `memory · baseline worker: ${loaded.rssMb.toFixed(0)} MB with ${waiting} waiting (idle ${idle.rssMb.toFixed(0)} MB)`,
    );
    return { idle, loaded };
  } finally {
    await stopChild(worker);
  }
}

export function memoryFigures(
  context: BenchContext,
  waiting: number,
  hostflow: { idle: Rss; loaded: Rss },
  baseline: { idle: Rss; loaded: Rss },
): MemoryFigures {
  return {
    waiting_requests: waiting,
    worker_rss_mb: round(hostflow.loaded.rssMb),
    worker_rss_idle_mb: round(hostflow.idle.rssMb),
    worker_rss_peak_mb: round(Math.max(hostflow.idle.peakMb, hostflow.loaded.peakMb)),
    baseline_rss_mb: round(baseline.loaded.rssMb),
    baseline_rss_idle_mb: round(baseline.idle.rssMb),
    baseline_rss_peak_mb: round(Math.max(baseline.idle.peakMb, baseline.loaded.peakMb)),
    measured: measuredHow(context.sizes.memory.settleMs),
  };
}
