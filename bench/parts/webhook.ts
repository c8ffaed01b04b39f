import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEBHOOK_PATH } from '../../api/webhook-subscription.js';
import { workflowIdFor } from '../../workflows/ids.js';
import { outputOf, spawnTs } from '../child-process.js';
import type { BenchContext } from '../context.js';
import { cpuMsPer, cpuSnapshot } from '../cpu.js';
import type { HostflowStack } from '../hostflow-stack.js';
import { waitUntil } from '../closed-loop.js';
import { round, summarize } from '../stats.js';
import { notificationXml, type LoadResult, type SignalLoadInput, type WebhookLoadInput } from '../load/protocol.js';

export interface WebhookFigures {
  hostflow_per_s: number;
  baseline_per_s: number;
  ratio: number;
  p50_ms: number;
  p99_ms: number;
  baseline_p50_ms: number;
  baseline_p99_ms: number;
  /** Notifications per side (waiting requests × per request per turn × turns). */
  notifications: number;
  waiting_requests: number;
  turns_per_side: number;
  per_request_per_turn: number;
  concurrency: number;
  /**
   * CPU milliseconds per notification of each process: the dev server, this process (the API, on
   * hostflow's turns) and the load generator (autocannon standing in for Bandwidth; the Temporal
   * client doing the raw signal()).
   */
  cpu_ms_per_notification: Record<string, number>;
  baseline_cpu_ms_per_notification: Record<string, number>;
  /**
   * (dev server + raw client) / (dev server + API) CPU per notification: the ratio a CPU-bound
   * machine would show (Bandwidth's side, the HTTP load generator, left out).
   */
  cpu_ratio: number;
  /** The worker was stopped while notifications came in: both sides did the same work downstream (none). */
  worker_running: boolean;
}

/** A request waiting on its order, and that order. */
export interface WaitingRequest {
  id: string;
  orderId: string;
}

type Side = 'hostflow' | 'baseline';

/**
 * Webhook ingestion: notifications POSTed to the webhook by autocannon, against the Temporal
 * client's `signal()` with the same payload at the same concurrency, each turn notifying every
 * waiting request `perRequestPerTurn` times. The worker is stopped first, and one unmeasured pass
 * down each path primes every request (and warms the API, the client and the server): from then on
 * a signal only appends to a history whose workflow task is already pending, the same work for
 * either side, turn after turn. The sides alternate (baseline, hostflow, hostflow, baseline, …) so
 * load from elsewhere falls on both alike. Both load generators run in processes of their own.
 */
export async function measureIngestion(
  context: BenchContext,
  stack: HostflowStack,
  waiting: WaitingRequest[],
): Promise<WebhookFigures> {
  const { turnsPerSide, perRequestPerTurn, concurrency, primeSettleMs, turnGapMs } = context.sizes.webhook;
  // Each turn: every waiting request, `perRequestPerTurn` times over (after priming, each is the same work).
  const turnTargets = Array.from({ length: perRequestPerTurn }, () => waiting).flat();
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  context.progress(
    `webhook · priming: two unmeasured notifications to each of the ${waiting.length} waiting requests, one per path`,
  );
  for (const primed of [
    await viaWebhook(context, stack, waiting, 'prime-webhook'),
    await viaSignal(context, waiting, 'prime-signal'),
  ]) {
    if (primed.failures > 0)
      throw new Error(`webhook · priming: ${primed.failures} notifications failed (first: ${primed.firstFailure})`);
  }
  await pause(primeSettleMs);

  const turns: Side[] = Array.from({ length: 2 * turnsPerSide }, (_, n) =>
    n % 4 === 0 || n % 4 === 3 ? 'baseline' : 'hostflow',
  );
  const results: Record<Side, LoadResult[]> = { hostflow: [], baseline: [] };
  const cpu: Record<Side, Record<string, number>> = { hostflow: {}, baseline: {} };
  const pids = { temporal_server: context.pids.temporal_server, harness_process: context.pids.harness_process };
  for (const [n, side] of turns.entries()) {
    const before = cpuSnapshot(pids);
    const result =
      side === 'hostflow'
        ? await viaWebhook(context, stack, turnTargets, `${n}`)
        : await viaSignal(context, turnTargets, `${n}`);
    const after = cpuSnapshot(pids);
    for (const name of Object.keys(before)) cpu[side][name] = (cpu[side][name] ?? 0) + after[name]! - before[name]!;
    cpu[side].load_generator = (cpu[side].load_generator ?? 0) + result.cpuMs / 1000;
    if (result.failures > 0)
      throw new Error(
        `webhook · ${side}: ${result.failures} of ${turnTargets.length} notifications failed (first: ${result.firstFailure})`,
      );
    results[side].push(result);
    context.progress(
      `webhook · ${side} · turn ${n + 1}/${turns.length}: ${result.count} notifications in ${(result.elapsedMs / 1000).toFixed(2)} s → ${((result.count * 1000) / result.elapsedMs).toFixed(0)}/s`,
    );
    if (n < turns.length - 1) await pause(turnGapMs);
  }
  await confirmSignalled(context, waiting, 2 + 2 * turnsPerSide * perRequestPerTurn);

  const perSide = turnTargets.length * turnsPerSide;
  const rate = (side: Side) =>
    (results[side].reduce((s, x) => s + x.count, 0) * 1000) / results[side].reduce((s, x) => s + x.elapsedMs, 0);
  const hostflow = summarize(results.hostflow.flatMap((x) => x.latencies));
  const baseline = summarize(results.baseline.flatMap((x) => x.latencies));
  const perNotification = (side: Side) =>
    cpuMsPer(Object.fromEntries(Object.keys(cpu[side]).map((k) => [k, 0])), cpu[side], perSide);
  const hostflowCpu = perNotification('hostflow');
  const baselineCpu = perNotification('baseline');
  const hostflowPath = hostflowCpu.temporal_server! + hostflowCpu.harness_process!;
  const rawPath = baselineCpu.temporal_server! + baselineCpu.load_generator!;
  return {
    hostflow_per_s: round(rate('hostflow'), 1),
    baseline_per_s: round(rate('baseline'), 1),
    ratio: round(rate('hostflow') / rate('baseline'), 3),
    p50_ms: hostflow.p50_ms,
    p99_ms: hostflow.p99_ms,
    baseline_p50_ms: baseline.p50_ms,
    baseline_p99_ms: baseline.p99_ms,
    notifications: perSide,
    waiting_requests: waiting.length,
    turns_per_side: turnsPerSide,
    per_request_per_turn: perRequestPerTurn,
    concurrency,
    cpu_ms_per_notification: hostflowCpu,
    baseline_cpu_ms_per_notification: baselineCpu,
    cpu_ratio: round(rawPath / hostflowPath, 3),
    worker_running: false,
  };
}

/** The notifications reached their workflows: the first and last request's histories hold them all. */
async function confirmSignalled(context: BenchContext, requests: WaitingRequest[], atLeast: number): Promise<void> {
  for (const r of [requests[0]!, requests[requests.length - 1]!]) {
    await waitUntil(
      async () => {
        const history = await context.client.workflow.getHandle(workflowIdFor(r.id)).fetchHistory();
        const signals =
          history.events?.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'orderNotification')
            .length ?? 0;
        return signals >= atLeast ? true : undefined;
      },
      10_000,
      `${atLeast} notifications in the history of ${r.id}`,
    );
  }
}

async function runLoadGenerator(
  context: BenchContext,
  script: string,
  input: unknown,
  name: string,
): Promise<LoadResult> {
  const file = join(context.dataDir, `load-${name}.json`);
  await writeFile(file, JSON.stringify(input));
  const output = await outputOf(spawnTs(script, { BENCH_LOAD_INPUT: file }), `load generator ${name}`);
  return JSON.parse(output.trim().split('\n').pop()!) as LoadResult;
}

function warmupOf(targets: WaitingRequest[]): WaitingRequest[] {
  // Warm-up notifications go to the first few targets again: a second signal to the same
  // request, on both sides alike.
  return targets.slice(0, Math.min(10, Math.ceil(targets.length / 10)));
}

async function viaWebhook(
  context: BenchContext,
  stack: HostflowStack,
  targets: WaitingRequest[],
  name: string,
): Promise<LoadResult> {
  const webhook = stack.config.webhook!;
  const body = (t: WaitingRequest) =>
    notificationXml({
      subscriptionId: 'bench',
      orderId: t.orderId,
      customerOrderId: t.id,
      status: 'COMPLETE',
      at: new Date().toISOString(),
    });
  const input: WebhookLoadInput = {
    url: `${stack.apiUrl}${WEBHOOK_PATH}`,
    authorization: `Basic ${Buffer.from(`${webhook.username}:${webhook.password}`).toString('base64')}`,
    concurrency: context.sizes.webhook.concurrency,
    warmupBodies: warmupOf(targets).map(body),
    bodies: targets.map(body),
  };
  return runLoadGenerator(
    context,
    fileURLToPath(new URL('../load/webhook-load.ts', import.meta.url)),
    input,
    `webhook-${name}`,
  );
}

async function viaSignal(context: BenchContext, targets: WaitingRequest[], name: string): Promise<LoadResult> {
  const signal = (t: WaitingRequest) => ({
    workflowId: workflowIdFor(t.id),
    notice: { orderId: t.orderId, status: 'COMPLETE', customerOrderId: t.id, receivedAt: new Date().toISOString() },
  });
  const input: SignalLoadInput = {
    temporalAddress: context.temporalAddress,
    concurrency: context.sizes.webhook.concurrency,
    warmup: warmupOf(targets).map(signal),
    targets: targets.map(signal),
  };
  return runLoadGenerator(
    context,
    fileURLToPath(new URL('../load/signal-load.ts', import.meta.url)),
    input,
    `signal-${name}`,
  );
}
