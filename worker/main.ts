import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { bandwidthClientFromConfig } from '../config/bandwidth-client.js';
import { loadConfig } from '../config/index.js';
import { payloadCodecFromConfig } from '../config/payload-codec.js';
import { runMain } from '../scripts/run-main.js';
import { createFileLoaStore } from '../storage/loa-store.js';
import { join } from 'node:path';
import { createHostflowWorker, tuningFromConfig } from './create-worker.js';
import { installRuntime } from './runtime.js';

/** `npm run worker`: the worker alone, against TEMPORAL_ADDRESS. */
runMain('worker', async (log) => {
  const config = loadConfig(process.env, { role: 'worker' });
  installRuntime(log, { metricsBindAddress: config.workerMetricsPort ? `127.0.0.1:${config.workerMetricsPort}` : undefined });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createHostflowWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({
      bandwidth: bandwidthClientFromConfig(config),
      loaStore: createFileLoaStore(join(config.dataDir, 'loas')),
    }),
    tuning: tuningFromConfig(config),
    payloadCodec: payloadCodecFromConfig(config),
  });
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker running');
  // The SDK shuts the worker down gracefully on SIGINT/SIGTERM.
  await worker.run();
  await connection.close();
});
