import { NativeConnection } from '@temporalio/worker';
import { nativeConnectionOptions, readTemporalConnection } from '../../config/temporal-connection.js';
import { exitWithParent } from '../child-process.js';
import { createBareWorker } from './worker.js';

/**
 * The baseline worker as a process of its own, measured next to worker/main.ts by the memory part.
 * Like worker/main.ts with its bundle cache, it loads a bundle built beforehand (from the file
 * BENCH_WORKFLOW_BUNDLE). Nobody signals its requests: they wait. Prints `{"msg":"worker
 * running"}`, then `{"ordersCreated":n}` as requests reach their wait.
 * Env: TEMPORAL_ADDRESS (and the rest of the SDK's environment configuration), TEMPORAL_TASK_QUEUE, BENCH_WORKER_TUNING (JSON, hostflow's worker tuning),
 * BENCH_WORKFLOW_BUNDLE.
 */
exitWithParent();
const problems: string[] = [];
const temporal = readTemporalConnection(process.env, problems);
if (problems.length > 0) throw new Error(problems.join('; '));
const connection = await NativeConnection.connect(nativeConnectionOptions(temporal));
let ordersCreated = 0;
let reported = 0;
const worker = await createBareWorker({
  connection,
  namespace: 'default',
  taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'bench-bare',
  tuning: JSON.parse(process.env.BENCH_WORKER_TUNING ?? '{}') as Record<string, number>,
  workflowBundle: process.env.BENCH_WORKFLOW_BUNDLE ? { codePath: process.env.BENCH_WORKFLOW_BUNDLE } : undefined,
  onOrderCreated: () => {
    ordersCreated++;
  },
});
setInterval(() => {
  if (ordersCreated === reported) return;
  reported = ordersCreated;
  process.stdout.write(`${JSON.stringify({ ordersCreated })}\n`);
}, 250).unref();
process.stdout.write(`${JSON.stringify({ msg: 'worker running', pid: process.pid })}\n`);
await worker.run();
await connection.close();
