import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { HostflowWorkerOptions } from '../../worker/create-worker.js';
import { createBareActivities } from './activities.js';

export const bareWorkflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));

/** The baseline worker: hostflow's worker settings, the bare workflows and no-op activities. */
export function createBareWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A bundle built beforehand (code, or a file); bundled from source when absent. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** The same tuning hostflow's worker runs with (see worker-settings.ts). */
  tuning: NonNullable<HostflowWorkerOptions['tuning']>;
  onOrderCreated?: (workflowId: string, orderId: string) => void;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createBareActivities({ onOrderCreated: options.onOrderCreated }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: bareWorkflowsPath }),
    ...options.tuning,
  });
}
