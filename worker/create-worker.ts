import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';

/** The workflow entry the worker bundles (webpack maps the `.js` imports back to `.ts`). */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface HostflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A pre-built bundle (tests build one per suite); bundled from source when absent. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Tuning knobs; the defaults suit one small machine. */
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows' | 'maxActivitiesPerSecond' | 'maxTaskQueueActivitiesPerSecond'>;
}

/** Worker settings that come from configuration. */
export function tuningFromConfig(config: { bandwidthMaxRequestsPerSecond?: number }): HostflowWorkerOptions['tuning'] {
  // Every activity is one Bandwidth call (two for idempotent creates), so the task-queue activity
  // rate limit caps Bandwidth traffic across all workers of the queue.
  return config.bandwidthMaxRequestsPerSecond ? { maxTaskQueueActivitiesPerSecond: config.bandwidthMaxRequestsPerSecond } : undefined;
}

export async function createHostflowWorker(options: HostflowWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    ...options.tuning,
  });
}
