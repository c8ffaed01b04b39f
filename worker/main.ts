import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { bandwidthClientFromConfig } from '../config/bandwidth-client.js';
import { loadConfig, type Config } from '../config/index.js';
import { workerPayloadCodecFromConfig } from '../config/payload-codec.js';
import { explainConnectionFailure, TemporalConnectionError } from '../config/temporal-connection-check.js';
import { nativeConnectionOptions, type TemporalConnectionConfig } from '../config/temporal-connection.js';
import { recordKeeperFromConfig } from './record-keeper.js';
import type { Logger } from '../logging/logger.js';
import { runMain } from '../scripts/run-main.js';
import { join } from 'node:path';
import { openRecordsFromConfig } from '../config/records.js';
import { ensureBandwidthSubscriptions } from './bandwidth-subscriptions.js';
import { createHostflowWorker, tuningFromConfig } from './create-worker.js';
import { startWorkerHealthServer, type WorkerHealthSource } from './health-server.js';
import { installRuntime } from './runtime.js';

/**
 * A worker started before Temporal (a machine boot, a compose stack) waits for it rather than
 * exiting: it retries with a capped backoff and says so, until Temporal answers or it is stopped.
 * A refusal — credentials, certificates, server name — cannot get better by waiting: it stops the
 * worker with one line.
 */
async function connectWithRetry(connection: TemporalConnectionConfig, log: Logger): Promise<NativeConnection> {
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await NativeConnection.connect(nativeConnectionOptions(connection));
    } catch (error) {
      const failure = await explainConnectionFailure(error, connection);
      if (failure.permanent) throw new TemporalConnectionError(failure.message);
      log.warn(
        { address: connection.address, retryInMs: delay, reason: failure.message },
        'Temporal not reachable yet',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Bandwidth's subscriptions point at this deployment's webhook; without them the safety-net poll still finds every order. */
async function ensureSubscriptions(config: Config, log: Logger): Promise<void> {
  try {
    await ensureBandwidthSubscriptions({
      bandwidth: bandwidthClientFromConfig(config),
      publicBaseUrl: config.publicBaseUrl,
      credentials: config.webhook,
      logger: log,
    });
  } catch (error) {
    log.warn(
      { err: { name: (error as Error).name, message: (error as Error).message } },
      'could not ensure the Bandwidth subscriptions; orders will be found by polling',
    );
  }
}

/** `npm run worker`: the worker alone, against the configured Temporal. */
runMain('worker', async (log) => {
  const config = loadConfig(process.env, { role: 'worker' });
  installRuntime(log, {
    metricsBindAddress: config.workerMetricsPort ? `127.0.0.1:${config.workerMetricsPort}` : undefined,
  });
  const source: WorkerHealthSource = { namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue };
  const health = config.workerHealth ? await startWorkerHealthServer({ ...config.workerHealth, source }) : undefined;
  if (health) log.info({ url: health.url }, 'worker health endpoints listening');
  // Until the worker exists, a stop request ends the process here (the SDK drains it afterwards).
  const stopWhileStarting = () => {
    if (!source.worker) void (health?.close() ?? Promise.resolve()).then(() => process.exit(0));
  };
  process.once('SIGINT', stopWhileStarting);
  process.once('SIGTERM', stopWhileStarting);

  const opened = await openRecordsFromConfig(config, { embedded: false, process: 'npm run worker', log });
  const connection = await connectWithRetry(config.temporal.connection, log);
  source.connection = connection;
  // In the background: a slow or failing Bandwidth must not keep the worker from polling (the
  // safety-net poll finds every order without the subscriptions).
  if (config.ensureSubscription) void ensureSubscriptions(config, log);
  const worker = await createHostflowWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({
      bandwidth: bandwidthClientFromConfig(config),
      records: opened.records,
    }),
    tuning: tuningFromConfig(config),
    bundleCacheDir: join(config.dataDir, 'cache'),
    payloadCodec: workerPayloadCodecFromConfig(config),
    shutdownGraceTime: config.workerShutdownGraceMs,
  });
  source.worker = worker;
  // Starts what the API recorded but could not start, with a client whose codec reads old payloads too.
  const keeper = recordKeeperFromConfig(config, connection, opened.records, log);
  log.info(
    { taskQueue: config.temporal.taskQueue, temporal: config.temporal.connection.description },
    'worker running',
  );
  // The SDK shuts the worker down on SIGINT/SIGTERM, letting running activities finish for the grace time.
  try {
    await worker.run();
  } finally {
    await keeper.stop();
    await connection.close();
    await health?.close();
    await opened.close();
  }
});
