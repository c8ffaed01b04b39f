import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { createActivities } from '../activities/index.js';
import { startApi, type RunningApi } from '../api/server.js';
import { ensureBandwidthSubscriptions } from '../worker/bandwidth-subscriptions.js';
import { bandwidthClientFromConfig } from '../config/bandwidth-client.js';
import { loadConfig, type Config } from '../config/index.js';
import { payloadCodecFromConfig } from '../config/payload-codec.js';
import { createLogger } from '../logging/logger.js';
import { openRecordsFromConfig } from '../config/records.js';
import { createHostflowWorker } from '../worker/create-worker.js';
import type { hostingRequest } from '../workflows/hosting-request.js';
import type { HostingRequestView, OrderWaitOptions } from '../workflows/types.js';
import { hostingRequestBody } from './request-body.js';
import type { BenchContext } from './context.js';
import type { SandboxChild } from './sandbox-child.js';
import { workerTuning } from './worker-settings.js';

export const BENCH_API_KEY = 'bench-api-key';

/**
 * The environment hostflow's entry points read, in sandbox mode against the bench's sandbox: the
 * in-process stack and the worker process (memory part) are configured by the same loadConfig,
 * so they share the payload key (generated once under DATA_DIR) and the webhook credentials.
 */
export function hostflowEnv(options: {
  sandbox: SandboxChild;
  dataDir: string;
  temporalAddress: string;
  taskQueue: string;
  /** BenchContext.temporalEnv: the connection's TLS / API key variables. */
  temporalEnv: Record<string, string>;
  maxNumbersPerOrder?: number;
  workerMetricsPort?: number;
  /** hostflow's PostgreSQL for this run (the context's embedded server). */
  databaseUrl?: string;
}): Record<string, string> {
  return {
    ...options.temporalEnv,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.maxNumbersPerOrder ? { MAX_NUMBERS_PER_ORDER: String(options.maxNumbersPerOrder) } : {}),
    SANDBOX: 'on',
    SANDBOX_PORT: String(options.sandbox.port),
    DATA_DIR: options.dataDir,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    API_KEYS: BENCH_API_KEY,
    // The API listens on a free port; the worker's Prometheus endpoint too (0 would switch it off).
    PORT: '0',
    WORKER_METRICS_PORT: String(options.workerMetricsPort ?? 0),
    LOG_LEVEL: 'info',
    // The harness points the sandbox's subscription at its in-process API itself; a worker process
    // started from this environment must not re-point it at PORT 0.
    BANDWIDTH_ENSURE_SUBSCRIPTION: 'off',
  };
}

/** hostflow's configuration as its entry points read it from `hostflowEnv`. */
export function hostflowConfig(options: Parameters<typeof hostflowEnv>[0]): Config {
  return loadConfig(hostflowEnv(options));
}

/** The stack options every part shares: the run's connection, dev server, sandbox, data and bundle. */
export function stackBasics(context: BenchContext) {
  return {
    nativeConnection: context.nativeConnection,
    temporalAddress: context.temporalAddress,
    temporalEnv: context.temporalEnv,
    sandbox: context.sandbox,
    dataDir: context.dataDir,
    databaseUrl: context.databaseUrl,
    workflowBundle: context.bundles.hostflow,
  };
}

export interface HostflowStack {
  apiUrl: string;
  taskQueue: string;
  config: Config;
  /** The API's own Temporal client (with hostflow's payload codec): results and views decode with it. */
  client: Client;
  /** POST/GET the API with its API key. */
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * hostflow as its entry points run it, minus the dev server and the sandbox (the harness owns
 * those): the API exactly as `npm run api` starts it (startApi: createApp, the real gateway, the
 * payload codec, metrics), with pino logging to a file and an API key, subscribed with the sandbox
 * for notifications; and, unless `worker` is false, the worker as worker/main.ts builds it
 * (createActivities, the payload codec, the configured tuning) in this process.
 */
export async function startHostflowStack(options: {
  nativeConnection: NativeConnection;
  temporalAddress: string;
  temporalEnv: Record<string, string>;
  sandbox: SandboxChild;
  dataDir: string;
  databaseUrl: string;
  taskQueue: string;
  workflowBundle: { code: string };
  worker: boolean;
  /** MAX_NUMBERS_PER_ORDER; the configuration's default when absent. */
  maxNumbersPerOrder?: number;
  orderWait?: Partial<OrderWaitOptions>;
}): Promise<HostflowStack> {
  const config = hostflowConfig(options);
  config.orderWait = { ...config.orderWait, ...options.orderWait };
  const bandwidth = bandwidthClientFromConfig(config);
  const opened = await openRecordsFromConfig(config, { embedded: false, process: 'the bench stack' });
  const logger = createLogger({
    name: 'hostflow-api',
    level: 'info',
    destination: pino.destination({
      dest: join(config.dataDir, `api-${options.taskQueue}.log`),
      sync: true,
    }) as unknown as NodeJS.WritableStream,
  });

  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let api: RunningApi | undefined;
  try {
    if (options.worker) {
      worker = await createHostflowWorker({
        connection: options.nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue: options.taskQueue,
        activities: createActivities({ bandwidth, records: opened.records }),
        workflowBundle: options.workflowBundle,
        tuning: workerTuning(config),
        payloadCodec: payloadCodecFromConfig(config),
      });
      workerRun = worker.run();
    }
    api = await startApi(config, logger, { records: opened.records });
    await ensureBandwidthSubscriptions({ bandwidth, publicBaseUrl: api.url, credentials: config.webhook, logger });
  } catch (error) {
    await api?.close();
    worker?.shutdown();
    await workerRun;
    await opened.close();
    throw error;
  }
  const running = api;
  return {
    apiUrl: running.url,
    taskQueue: options.taskQueue,
    config,
    client: running.client,
    api: (path, init = {}) =>
      fetch(`${running.url}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}`, ...init.headers },
      }),
    close: async () => {
      await running.close();
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await opened.close();
      logger.flush();
    },
  };
}

/** POST /v1/hosting-requests; resolves with the workflow id of the accepted (202) request. */
export async function postHostingRequest(
  stack: HostflowStack,
  id: string,
  telephoneNumbers: string[],
): Promise<string> {
  const response = await stack.api('/v1/hosting-requests', {
    method: 'POST',
    body: JSON.stringify(hostingRequestBody(id, telephoneNumbers)),
  });
  const body = (await response.json()) as { workflowId?: string };
  if (response.status !== 202 || !body.workflowId)
    throw new Error(`POST /v1/hosting-requests → ${response.status}: ${JSON.stringify(body)}`);
  return body.workflowId;
}

/**
 * One request from the POST to its end. The end is read from Temporal (the workflow's result, a
 * long poll, through the API's own client so the result decodes) rather than by polling GET, which
 * would add a query per poll to what is measured.
 */
export async function runHostingRequest(
  stack: HostflowStack,
  id: string,
  telephoneNumbers: string[],
): Promise<{ workflowId: string; view: HostingRequestView }> {
  const workflowId = await postHostingRequest(stack, id, telephoneNumbers);
  const view = await stack.client.workflow.getHandle<typeof hostingRequest>(workflowId).result();
  if (view.status !== 'COMPLETE') throw new Error(`request ${id} ended ${view.status}, not COMPLETE`);
  return { workflowId, view };
}
