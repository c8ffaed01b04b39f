import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import { failureConverterPath } from '../codec/index.js';
import { workflowBundleFor } from './workflow-bundle.js';

export { workflowsPath } from './workflow-bundle.js';

export interface HostflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Encrypts what the worker writes to history (and decrypts what it reads). */
  payloadCodec?: PayloadCodec;
  /** A pre-built bundle (tests build one per suite); otherwise built, or read from `bundleCacheDir`. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where built workflow bundles are kept between starts (e.g. under DATA_DIR). */
  bundleCacheDir?: string;
  /**
   * How long a stopping worker lets running activities finish before cancelling them (the SDK's
   * default, 0, cancels a Bandwidth call in flight at SIGTERM; it is then retried elsewhere).
   */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** Tuning knobs; the defaults suit one small machine. */
  tuning?: Pick<
    WorkerOptions,
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxCachedWorkflows'
    | 'maxActivitiesPerSecond'
    | 'maxTaskQueueActivitiesPerSecond'
  >;
}

/** Worker settings that come from configuration. */
export function tuningFromConfig(config: {
  bandwidthMaxRequestsPerSecond?: number;
  maxCachedWorkflows: number;
}): HostflowWorkerOptions['tuning'] {
  // Each activity attempt makes one or two Bandwidth calls (idempotent steps look before they
  // write), so the task-queue activity rate limit caps Bandwidth traffic across all workers of
  // the queue. Temporal takes the value of the last worker to poll: give every worker the same.
  return {
    // Requests mostly wait (hours, days) for Bandwidth; keeping each in the cache costs memory
    // for nothing. An evicted one replays its short history when it wakes.
    maxCachedWorkflows: config.maxCachedWorkflows,
    ...(config.bandwidthMaxRequestsPerSecond
      ? { maxTaskQueueActivitiesPerSecond: config.bandwidthMaxRequestsPerSecond }
      : {}),
  };
}

export async function createHostflowWorker(options: HostflowWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.payloadCodec ? { dataConverter: { payloadCodecs: [options.payloadCodec], failureConverterPath } } : {}),
    workflowBundle: options.workflowBundle ?? (await workflowBundleFor(options.bundleCacheDir)),
    ...(options.shutdownGraceTime !== undefined ? { shutdownGraceTime: options.shutdownGraceTime } : {}),
    ...options.tuning,
  });
}
