import { startBareSide, type BareSide } from '../baseline/side.js';
import type { BenchContext } from '../context.js';
import { historyCost, type HistoryCost } from '../history-cost.js';
import { actionsBetween, settledFrontendRequests } from '../server-metrics.js';
import { hostflowConfig, runHostingRequest, startHostflowStack, stackBasics } from '../hostflow-stack.js';

export interface HistoryFigures {
  /**
   * One single-order request (2 numbers, an LOA) whose order ends `order_ms` after it was
   * created, as the sandbox's own steps go: the notification comes while the request waits.
   */
  order_ms: number;
  events_per_request: number;
  actions_per_request: number;
  bytes_per_request: number;
  workflow_tasks_per_request: number;
  actions_by_kind: Record<string, number>;
  events_by_type: Record<string, number>;
  /** The bare workflow of the card's shape (check → create → signal → upload), from its own history. */
  minimum_events: number;
  minimum_actions: number;
  minimum_workflow_tasks: number;
  minimum_actions_by_kind: Record<string, number>;
  /** The polling design over a one-hour order: a poll every 30 s, 120 polls. */
  polling_design_actions: number;
  polling_design_events: number;
  polling_design_polls: number;
  /** How the polling figures were read: one 120-poll history, or shorter ones extrapolated. */
  polling_design_method: string;
  /** hostflow over the same one-hour order (notification after an hour, safety-net polls at its defaults), time-compressed. */
  one_hour_order_actions: number;
  one_hour_order_events: number;
  one_hour_order_polls: number;
  time_compression: number;
  /**
   * Activity heartbeats and queries are actions without a history event: they are read from the
   * dev server's request counts across the request (and included in `actions_per_request`) when
   * the server is dedicated to the run; `false` when they could not be read.
   */
  actions_without_events_counted: boolean;
}

/** The sandbox's own step delay (RECEIVED → PROCESSING → end, two steps). */
const SANDBOX_STEP_MS = 300;
const ONE_HOUR_MS = 3_600_000;
const POLL_EVERY_MS = 30_000;
const POLLS_IN_AN_HOUR = ONE_HOUR_MS / POLL_EVERY_MS;

/** A cost with actions that left no event added (heartbeats, queries). */
function withActions(cost: HistoryCost, extra: Record<string, number>): HistoryCost {
  const actionsByKind = { ...cost.actionsByKind };
  for (const [kind, n] of Object.entries(extra)) actionsByKind[kind] = (actionsByKind[kind] ?? 0) + n;
  return { ...cost, actionsByKind, actions: Object.values(actionsByKind).reduce((a, b) => a + b, 0) };
}

async function costOf(context: BenchContext, workflowId: string): Promise<HistoryCost> {
  return historyCost(await context.client.workflow.getHandle(workflowId).fetchHistory());
}

/**
 * Cost per request, from real histories on the dev server: one single-order request, the bare
 * workflow under the same timing (the minimum for the shape), the polling design, and hostflow
 * over a one-hour order (time compressed: events and actions depend on how many polls and timers
 * there are, not on how long they last). The last two wait on timers, so they run side by side.
 */
export async function measureHistory(context: BenchContext): Promise<HistoryFigures> {
  const { timeCompression } = context.sizes.history;
  context.progress('history · one single-order request of each side, the order ending while it waits');
  const counts = () =>
    context.serverMetricsUrl ? settledFrontendRequests(context.serverMetricsUrl) : Promise.resolve({});
  const request = await hostflowSingleOrder(context);
  const bare = await startBareSide(context, `bench-${context.tag}-history-bare`, {
    signalDelayMs: 2 * SANDBOX_STEP_MS,
  });
  let minimum: HistoryCost;
  let polling: Awaited<ReturnType<typeof pollingDesign>>;
  let oneHour: Awaited<ReturnType<typeof hostflowOverOneHour>>;
  try {
    const before = await counts();
    const bareId = await bare.run(`bench-${context.tag}-single`, context.numbers(2));
    const after = await counts();
    minimum = historyCost(
      await context.client.workflow.getHandle(bareId).fetchHistory(),
      actionsBetween(before, after),
    );
    // The polling design never heartbeats nor is queried: what the server counts meanwhile is the one-hour request's.
    const during = after;
    [polling, oneHour] = await Promise.all([
      pollingDesign(context, bare),
      hostflowOverOneHour(context, timeCompression),
    ]);
    oneHour.cost = withActions(oneHour.cost, actionsBetween(during, await counts()));
  } finally {
    await bare.close();
  }
  return {
    order_ms: 2 * SANDBOX_STEP_MS,
    events_per_request: request.events,
    actions_per_request: request.actions,
    bytes_per_request: request.bytes,
    workflow_tasks_per_request: request.workflowTasks,
    actions_by_kind: request.actionsByKind,
    events_by_type: request.eventsByType,
    minimum_events: minimum.events,
    minimum_actions: minimum.actions,
    minimum_workflow_tasks: minimum.workflowTasks,
    minimum_actions_by_kind: minimum.actionsByKind,
    polling_design_actions: polling.actions,
    polling_design_events: polling.events,
    polling_design_polls: POLLS_IN_AN_HOUR,
    polling_design_method: polling.method,
    one_hour_order_actions: oneHour.cost.actions,
    one_hour_order_events: oneHour.cost.events,
    one_hour_order_polls: oneHour.polls,
    time_compression: timeCompression,
    actions_without_events_counted: context.serverMetricsUrl !== undefined,
  };
}

async function hostflowSingleOrder(context: BenchContext): Promise<HistoryCost> {
  const counts = () =>
    context.serverMetricsUrl ? settledFrontendRequests(context.serverMetricsUrl) : Promise.resolve({});
  await context.sandbox.reset();
  await context.sandbox.setFaults({ orderProcessing: { stepDelayMs: SANDBOX_STEP_MS } });
  const stack = await startHostflowStack({
    ...stackBasics(context),
    taskQueue: `bench-${context.tag}-history-single`,
    worker: true,
  });
  try {
    const before = await counts();
    const { workflowId } = await runHostingRequest(stack, `bench-${context.tag}-single`, context.numbers(2));
    const history = await context.client.workflow.getHandle(workflowId).fetchHistory();
    // Nothing else runs on the dedicated server meanwhile: the difference is this request's.
    return historyCost(history, actionsBetween(before, await counts()));
  } finally {
    await stack.close();
    await context.sandbox.reset();
  }
}

/** The polling design's cost at 120 polls: read from a 120-poll history, or extrapolated from shorter ones. */
async function pollingDesign(
  context: BenchContext,
  bare: BareSide,
): Promise<{ actions: number; events: number; method: string }> {
  const runs = context.sizes.history.pollingDesignRuns;
  context.progress(
    `history · polling design: runs of ${runs.join(' and ')} polls; hostflow over a one-hour order, ${context.sizes.history.timeCompression}× faster`,
  );
  const costs = await Promise.all(
    runs.map(async (polls) => ({
      polls,
      cost: await costOf(
        context,
        await bare.runPollingDesign(
          `bench-${context.tag}-polling${polls}`,
          polls,
          Math.max(1, Math.round(POLL_EVERY_MS / context.sizes.history.timeCompression)),
        ),
      ),
    })),
  );
  const exact = costs.find((c) => c.polls === POLLS_IN_AN_HOUR);
  if (exact)
    return {
      actions: exact.cost.actions,
      events: exact.cost.events,
      method: `one history of ${POLLS_IN_AN_HOUR} polls`,
    };
  if (costs.length < 2) throw new Error('the polling design needs a 120-poll run or two shorter ones');
  const [a, b] = [costs[0]!, costs[costs.length - 1]!];
  const at = (f: (c: HistoryCost) => number) =>
    Math.round(f(a.cost) + ((f(b.cost) - f(a.cost)) / (b.polls - a.polls)) * (POLLS_IN_AN_HOUR - a.polls));
  return {
    actions: at((c) => c.actions),
    events: at((c) => c.events),
    method: `histories of ${a.polls} and ${b.polls} polls (${a.cost.actions} and ${b.cost.actions} actions), extrapolated linearly to ${POLLS_IN_AN_HOUR}`,
  };
}

/**
 * hostflow's request whose order takes an hour: the sandbox holds the order for an hour (divided by
 * the compression), hostflow's safety-net poll runs at its configured defaults (divided alike),
 * and the notification ends the wait.
 */
async function hostflowOverOneHour(
  context: BenchContext,
  compression: number,
): Promise<{ cost: HistoryCost; polls: number }> {
  await context.sandbox.reset();
  await context.sandbox.setFaults({ orderProcessing: { slowRate: 1, slowMs: Math.round(ONE_HOUR_MS / compression) } });
  // hostflow's own defaults (ORDER_POLL_INITIAL_INTERVAL, ORDER_POLL_MAX_INTERVAL), compressed.
  const { pollInitialIntervalMs, pollMaxIntervalMs } = hostflowConfig({
    ...stackBasics(context),
    taskQueue: 'unused',
  }).orderWait;
  try {
    const stack = await startHostflowStack({
      ...stackBasics(context),
      taskQueue: `bench-${context.tag}-history-hour`,
      worker: true,
      orderWait: {
        pollInitialIntervalMs: pollInitialIntervalMs / compression,
        pollMaxIntervalMs: pollMaxIntervalMs / compression,
      },
    });
    try {
      const { workflowId } = await runHostingRequest(stack, `bench-${context.tag}-hour`, context.numbers(2));
      const history = await context.client.workflow.getHandle(workflowId).fetchHistory();
      // Polls are the order reads the timer caused; the read after the notification is not one.
      const reads = (history.events ?? []).filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'getImportOrder',
      ).length;
      return { cost: historyCost(history), polls: Math.max(0, reads - 1) };
    } finally {
      await stack.close();
    }
  } finally {
    await context.sandbox.reset();
  }
}
