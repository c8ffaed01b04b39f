import { freePort } from '../../scripts/dev-server.js';
import type { BenchContext } from '../context.js';
import { stopChild } from '../child-process.js';
import {
  hostflowEnv,
  postHostingRequest,
  startHostflowStack,
  stackBasics,
  type HostflowStack,
} from '../hostflow-stack.js';
import { runClosedLoop, waitUntil } from '../closed-loop.js';
import { bareWorkerUnderLoad, memoryFigures, settledRss, startWorkerProcess, type MemoryFigures } from './memory.js';
import { measureIngestion, type WaitingRequest, type WebhookFigures } from './webhook.js';

/** Long enough that no order ends while the part runs (the sandbox's limit is ten minutes). */
const ORDER_HELD_MS = 600_000;

/**
 * Parts 2 and 4b share one set of requests waiting on Bandwidth (the sandbox holds every order):
 * hostflow's worker runs as its own process (worker/main.ts), the API in this one. With every
 * request waiting, the worker's RSS is read; then the worker stops and the waiting requests take
 * the webhook's notifications and the raw signals. Last, the baseline worker's RSS with as many
 * bare workflows waiting.
 */
export async function measureWaiting(
  context: BenchContext,
): Promise<{ webhook: WebhookFigures; memory: MemoryFigures }> {
  const waiting = context.sizes.memory.waitingRequests;
  const taskQueue = `bench-${context.tag}-waiting`;
  await context.sandbox.reset();
  await context.sandbox.setFaults({ orderProcessing: { slowRate: 1, slowMs: ORDER_HELD_MS } });
  context.progress('memory · starting worker/main.ts as its own process');
  const { worker, idle } = await startWorkerProcess(
    context,
    hostflowEnv({
      sandbox: context.sandbox,
      dataDir: context.dataDir,
      databaseUrl: context.databaseUrl,
      temporalAddress: context.temporalAddress,
      temporalEnv: context.temporalEnv,
      taskQueue,
      workerMetricsPort: await freePort(),
    }),
  );
  let stack: HostflowStack | undefined;
  let webhook: WebhookFigures;
  let hostflowRss;
  try {
    stack = await startHostflowStack({
      ...stackBasics(context),
      taskQueue,
      worker: false,
    });
    const api = stack;
    context.progress(`memory · ${waiting} requests through the API; the sandbox holds their orders`);
    const ids = Array.from({ length: waiting }, (_, i) => `bench-${context.tag}-wait${i}`);
    await runClosedLoop(waiting, 20, (i) => postHostingRequest(api, ids[i]!, context.numbers(2)).then(() => undefined));
    await waitForWaiting(context, taskQueue, waiting);
    const loaded = await settledRss(worker.pid!, context.sizes.memory.settleMs);
    hostflowRss = { idle, loaded };
    context.progress(
      `memory · hostflow worker: ${loaded.rssMb.toFixed(0)} MB with ${waiting} waiting (idle ${idle.rssMb.toFixed(0)} MB)`,
    );

    // Downstream work is not ingestion: with the worker stopped, both sides' signals only land in history.
    await stopChild(worker);
    const orderIdOf = new Map((await context.sandbox.orders()).map((o) => [o.customerOrderId, o.orderId]));
    const requests: WaitingRequest[] = ids.map((id) => ({ id, orderId: orderIdOf.get(id) ?? missing(id) }));
    webhook = await measureIngestion(context, stack, requests);
  } finally {
    await stack?.close();
    await stopChild(worker);
    // Forget the held orders and their timers: later parts start clean.
    await context.sandbox.reset();
  }
  const baseline = await bareWorkerUnderLoad(context, waiting);
  return { webhook, memory: memoryFigures(context, waiting, hostflowRss, baseline) };
}

function missing(id: string): never {
  throw new Error(`the sandbox has no order for request ${id}`);
}

/** Until every request of the task queue reached AWAITING_ORDER (its search attribute, set with the wait). */
export async function waitForWaiting(context: BenchContext, taskQueue: string, expected: number): Promise<void> {
  const query = `TaskQueue = '${taskQueue}' AND HostingStatus = 'AWAITING_ORDER' AND ExecutionStatus = 'Running'`;
  let lastReport = 0;
  await waitUntil(
    async () => {
      const { count } = await context.client.workflow.count(query);
      if (count >= expected) return count;
      if (Date.now() - lastReport > 3_000) {
        lastReport = Date.now();
        context.progress(`  ${count}/${expected} requests waiting on their order`);
      }
      return undefined;
    },
    60_000 + expected * 500,
    `${expected} requests waiting on Bandwidth`,
    250,
  );
}
