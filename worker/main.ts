import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { bandwidthClientFromConfig } from '../config/bandwidth-client.js';
import { loadConfig } from '../config/index.js';
import { payloadCodecFromConfig } from '../config/payload-codec.js';
import type { Logger } from '../logging/logger.js';
import { runMain } from '../scripts/run-main.js';
import { createFileLoaStore } from '../storage/loa-store.js';
import { join } from 'node:path';
import { createHostflowWorker, tuningFromConfig } from './create-worker.js';
import { installRuntime } from './runtime.js';

/**
 * A worker started before Temporal (a machine boot, a compose stack) waits for it rather than
 * exiting: it retries with a capped backoff and says so, until Temporal answers or it is stopped.
 */
async function connectWithRetry(address: string, log: Logger): Promise<NativeConnection> {
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      log.warn(
        { address, retryInMs: delay, err: { name: (error as Error).name, message: (error as Error).message } },
        'Temporal not reachable yet',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** `npm run worker`: the worker alone, against TEMPORAL_ADDRESS. */
runMain('worker', async (log) => {
  const config = loadConfig(process.env, { role: 'worker' });
  installRuntime(log, {
    metricsBindAddress: config.workerMetricsPort ? `127.0.0.1:${config.workerMetricsPort}` : undefined,
  });
  const connection = await connectWithRetry(config.temporal.address, log);
  const worker = await createHostflowWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({
      bandwidth: bandwidthClientFromConfig(config),
      loaStore: createFileLoaStore(join(config.dataDir, 'loas')),
    }),
    tuning: tuningFromConfig(config),
    bundleCacheDir: join(config.dataDir, 'cache'),
    payloadCodec: payloadCodecFromConfig(config),
  });
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker running');
  // The SDK shuts the worker down gracefully on SIGINT/SIGTERM.
  await worker.run();
  await connection.close();
});
