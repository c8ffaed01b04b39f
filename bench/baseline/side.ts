import type { Worker } from '@temporalio/worker';
import type { BenchContext } from '../context.js';
import { bareRequestInput } from '../request-body.js';
import type { bareHostingRequest, pollingDesignRequest } from './workflows.js';
import { createBareWorker } from './worker.js';

export interface BareSide {
  taskQueue: string;
  /** Runs one bare request to its end; resolves with its workflow id. */
  run(id: string, telephoneNumbers: string[]): Promise<string>;
  /** Runs the polling design once; resolves with its workflow id. */
  runPollingDesign(id: string, polls: number, pollIntervalMs: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * The baseline side: a worker with the bare workflows on its own task queue, and the notification
 * sent with the Temporal client's `signal()` the moment the create activity runs (the order
 * exists) — what Bandwidth's webhook would trigger, without any of hostflow's path in between —
 * or `signalDelayMs` later (an order that takes that long).
 */
export async function startBareSide(
  context: BenchContext,
  taskQueue: string,
  options: { signalDelayMs?: number } = {},
): Promise<BareSide> {
  const { client } = context;
  let signalFailure: unknown;
  const worker: Worker = await createBareWorker({
    connection: context.nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: context.bundles.bare,
    tuning: context.tuning,
    onOrderCreated: (workflowId, orderId) => {
      const send = () =>
        client.workflow
          .getHandle(workflowId)
          .signal('orderNotification', {
            orderId,
            status: 'COMPLETE',
            customerOrderId: workflowId,
            receivedAt: new Date().toISOString(),
          })
          .catch((error: unknown) => (signalFailure ??= error));
      if (options.signalDelayMs) setTimeout(send, options.signalDelayMs);
      else void send();
    },
  });
  const running = worker.run();
  const check = () => {
    if (signalFailure !== undefined)
      throw new Error('the baseline could not signal a bare request', { cause: signalFailure });
  };
  return {
    taskQueue,
    run: async (id, telephoneNumbers) => {
      const workflowId = `bare-${id}`;
      const handle = await client.workflow.start<typeof bareHostingRequest>('bareHostingRequest', {
        taskQueue,
        workflowId,
        args: [bareRequestInput(id, telephoneNumbers)],
      });
      await handle.result();
      check();
      return workflowId;
    },
    runPollingDesign: async (id, polls, pollIntervalMs) => {
      const workflowId = `polling-${id}`;
      const handle = await client.workflow.start<typeof pollingDesignRequest>('pollingDesignRequest', {
        taskQueue,
        workflowId,
        args: [{ id, telephoneNumbers: context.numbers(2), polls, pollIntervalMs }],
      });
      await handle.result();
      return workflowId;
    },
    close: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
