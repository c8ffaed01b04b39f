import { workflowIdFor } from '../../workflows/ids.js';
import { startBareSide } from '../baseline/side.js';
import type { BenchContext } from '../context.js';
import { historyCost, type HistoryCost } from '../history-cost.js';
import { runHostingRequest, startHostflowStack, stackBasics } from '../hostflow-stack.js';
import { round } from '../stats.js';

export interface ScaleFigures {
  numbers: number;
  max_numbers_per_order: number;
  orders: number;
  seconds: number;
  max_history_events: number;
  max_history_bytes: number;
  /** The largest single event of any of them (its payload: Temporal refuses payloads over 2 MB by default). */
  max_event_bytes: number;
  /** Every workflow of the request (the parent, then each order's child), largest history first. */
  histories: Array<{ workflowId: string; events: number; bytes: number; max_event_bytes: number }>;
  /** The bare workflow carrying the same numbers through the same shape (one workflow, one order). */
  baseline_seconds: number;
  baseline_history_events: number;
  baseline_history_bytes: number;
  baseline_max_event_bytes: number;
}

/** One large request through the API: split over child workflows, one per order. */
export async function measureScale(context: BenchContext): Promise<ScaleFigures> {
  const { numbers: count, maxNumbersPerOrder } = context.sizes.scale;
  const numbers = context.numbers(count);
  await context.sandbox.reset();
  const stack = await startHostflowStack({
    ...stackBasics(context),
    taskQueue: `bench-${context.tag}-scale`,
    worker: true,
    maxNumbersPerOrder,
  });
  let hostflowSeconds: number;
  let view;
  let workflowId: string;
  try {
    context.progress(`scale · hostflow: one request of ${count} numbers (MAX_NUMBERS_PER_ORDER ${maxNumbersPerOrder})`);
    const t0 = performance.now();
    ({ workflowId, view } = await runHostingRequest(stack, `bench-${context.tag}-scale`, numbers));
    hostflowSeconds = (performance.now() - t0) / 1000;
  } finally {
    await stack.close();
  }
  const hosted = view.numbers.filter((n) => n.status === 'HOSTED').length;
  if (hosted !== count) throw new Error(`scale: ${hosted} of ${count} numbers hosted`);
  const ids = [workflowId, ...(view.orders.length > 1 ? view.orders.map((o) => workflowIdFor(o.customerOrderId)) : [])];
  const costs: Array<{ workflowId: string; cost: HistoryCost }> = [];
  for (const id of ids)
    costs.push({ workflowId: id, cost: historyCost(await context.client.workflow.getHandle(id).fetchHistory()) });
  costs.sort((a, b) => b.cost.bytes - a.cost.bytes);

  context.progress(`scale · baseline: the bare workflow with the same ${count} numbers`);
  const bare = await startBareSide(context, `bench-${context.tag}-scale-bare`);
  let bareSeconds: number;
  let bareCost: HistoryCost;
  try {
    const t0 = performance.now();
    const bareId = await bare.run(`bench-${context.tag}-scale`, numbers);
    bareSeconds = (performance.now() - t0) / 1000;
    bareCost = historyCost(await context.client.workflow.getHandle(bareId).fetchHistory());
  } finally {
    await bare.close();
  }

  return {
    numbers: count,
    max_numbers_per_order: maxNumbersPerOrder,
    orders: view.orders.length,
    seconds: round(hostflowSeconds, 2),
    max_history_events: Math.max(...costs.map((c) => c.cost.events)),
    max_history_bytes: Math.max(...costs.map((c) => c.cost.bytes)),
    max_event_bytes: Math.max(...costs.map((c) => c.cost.maxEventBytes)),
    histories: costs.map((c) => ({
      workflowId: c.workflowId,
      events: c.cost.events,
      bytes: c.cost.bytes,
      max_event_bytes: c.cost.maxEventBytes,
    })),
    baseline_seconds: round(bareSeconds, 2),
    baseline_history_events: bareCost.events,
    baseline_history_bytes: bareCost.bytes,
    baseline_max_event_bytes: bareCost.maxEventBytes,
  };
}
