import { startBareSide, type BareSide } from '../baseline/side.js';
import type { BenchContext } from '../context.js';
import { cpuMsPer, cpuSnapshot, type CpuSnapshot } from '../cpu.js';
import { runHostingRequest, startHostflowStack, stackBasics } from '../hostflow-stack.js';
import { runClosedLoop } from '../closed-loop.js';
import { round, summarize } from '../stats.js';

export interface ThroughputFigures {
  hostflow_per_s: number;
  baseline_per_s: number;
  ratio: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  baseline_p50_ms: number;
  baseline_p95_ms: number;
  baseline_p99_ms: number;
  /** One request at a time: what a request costs in round trips, without queueing behind others. */
  unloaded_p50_ms: number;
  baseline_unloaded_p50_ms: number;
  requests: number;
  concurrency: number;
  rounds: number;
  numbers_per_request: number;
  /**
   * CPU milliseconds per request of each process (the profile): hostflow's API + worker + load
   * driver share this harness's process; the sandbox stands in for Bandwidth.
   */
  cpu_ms_per_request: Record<string, number>;
  baseline_cpu_ms_per_request: Record<string, number>;
  /** Baseline CPU per request / hostflow's, without the sandbox: the ratio a CPU-bound machine would show. */
  cpu_ratio: number;
}

type Side = 'hostflow' | 'baseline';
const NUMBERS_PER_REQUEST = 2;

interface Burst {
  elapsedMs: number;
  latencies: number[];
  cpu: { before: CpuSnapshot; after: CpuSnapshot };
}

/**
 * End to end: hostflow's requests POSTed to the API, the sandbox ending each order at once and
 * calling the webhook; the baseline's bare workflows started and signalled with the Temporal
 * client. Each request counts from its start to its workflow's end. Both sides stay up for the
 * whole part and take turns in short rounds (A B, B A, …), so load from elsewhere on a shared
 * machine falls on both alike.
 */
export async function measureThroughput(context: BenchContext): Promise<ThroughputFigures> {
  const { requests, concurrency, warmup, rounds } = context.sizes.throughput;
  await context.sandbox.reset();
  const stack = await startHostflowStack({
    ...stackBasics(context),
    taskQueue: `bench-${context.tag}-throughput-hostflow`,
    worker: true,
  });
  let bare: BareSide | undefined;
  try {
    bare = await startBareSide(context, `bench-${context.tag}-throughput-bare`);
    const sides: Record<Side, (id: string) => Promise<unknown>> = {
      hostflow: (id) => runHostingRequest(stack, id, context.numbers(NUMBERS_PER_REQUEST)),
      baseline: (id) => bare!.run(id, context.numbers(NUMBERS_PER_REQUEST)),
    };
    context.progress(`throughput · warming up both sides (${warmup} requests each)`);
    for (const side of ['baseline', 'hostflow'] as const) {
      await runClosedLoop(warmup, concurrency, (i) =>
        sides[side](`bench-${context.tag}-tpw-${side[0]}${i}`).then(() => undefined),
      );
    }

    const bursts: Record<Side, Burst[]> = { hostflow: [], baseline: [] };
    for (let r = 0; r < rounds; r++) {
      const order: Side[] = r % 2 === 0 ? ['baseline', 'hostflow'] : ['hostflow', 'baseline'];
      for (const side of order) {
        const label = `throughput · ${side} · round ${r + 1}/${rounds}`;
        const before = cpuSnapshot(context.pids);
        const run = await runClosedLoop(
          requests,
          concurrency,
          (i) => sides[side](`bench-${context.tag}-tp${r}-${side[0]}${i}`).then(() => undefined),
          (done, elapsedMs) =>
            context.progress(`${label}: ${done}/${requests} (${((done * 1000) / elapsedMs).toFixed(1)}/s)`),
        );
        bursts[side].push({ ...run, cpu: { before, after: cpuSnapshot(context.pids) } });
        context.progress(
          `${label}: ${requests} requests in ${(run.elapsedMs / 1000).toFixed(1)} s → ${((requests * 1000) / run.elapsedMs).toFixed(1)}/s`,
        );
      }
    }
    const unloaded: Record<Side, number[]> = { hostflow: [], baseline: [] };
    for (let i = 0; i < context.sizes.throughput.unloaded; i++) {
      for (const side of i % 2 === 0 ? (['baseline', 'hostflow'] as const) : (['hostflow', 'baseline'] as const)) {
        unloaded[side].push(
          ...(
            await runClosedLoop(1, 1, () =>
              sides[side](`bench-${context.tag}-tpu-${side[0]}${i}`).then(() => undefined),
            )
          ).latencies,
        );
      }
    }
    context.progress(`throughput · one request at a time (${context.sizes.throughput.unloaded} per side): done`);
    return figuresOf(bursts, unloaded, context);
  } finally {
    await bare?.close();
    await stack.close();
  }
}

function figuresOf(
  bursts: Record<Side, Burst[]>,
  unloaded: Record<Side, number[]>,
  context: BenchContext,
): ThroughputFigures {
  const { requests, concurrency, rounds } = context.sizes.throughput;
  const total = requests * rounds;
  const perSecond = (side: Side) => (total * 1000) / bursts[side].reduce((sum, b) => sum + b.elapsedMs, 0);
  const cpu = (side: Side) => {
    // Sum the rounds' deltas, then per request.
    const before: CpuSnapshot = {};
    const after: CpuSnapshot = {};
    for (const b of bursts[side]) {
      for (const name of Object.keys(b.cpu.before)) {
        before[name] = (before[name] ?? 0) + b.cpu.before[name]!;
        after[name] = (after[name] ?? 0) + b.cpu.after[name]!;
      }
    }
    return cpuMsPer(before, after, total);
  };
  const hostflowCpu = cpu('hostflow');
  const baselineCpu = cpu('baseline');
  const hostflow = summarize(bursts.hostflow.flatMap((b) => b.latencies));
  const baseline = summarize(bursts.baseline.flatMap((b) => b.latencies));
  const withoutSandbox = (c: Record<string, number>) => c.total! - (c.sandbox ?? 0);
  return {
    hostflow_per_s: round(perSecond('hostflow'), 2),
    baseline_per_s: round(perSecond('baseline'), 2),
    ratio: round(perSecond('hostflow') / perSecond('baseline'), 3),
    p50_ms: hostflow.p50_ms,
    p95_ms: hostflow.p95_ms,
    p99_ms: hostflow.p99_ms,
    baseline_p50_ms: baseline.p50_ms,
    baseline_p95_ms: baseline.p95_ms,
    baseline_p99_ms: baseline.p99_ms,
    unloaded_p50_ms: summarize(unloaded.hostflow).p50_ms,
    baseline_unloaded_p50_ms: summarize(unloaded.baseline).p50_ms,
    requests: total,
    concurrency,
    rounds,
    numbers_per_request: NUMBERS_PER_REQUEST,
    cpu_ms_per_request: hostflowCpu,
    baseline_cpu_ms_per_request: baselineCpu,
    cpu_ratio: round(withoutSandbox(baselineCpu) / withoutSandbox(hostflowCpu), 3),
  };
}
