import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { exitWithParent } from '../child-process.js';
import { runClosedLoop } from '../closed-loop.js';
import type { LoadResult, SignalLoadInput } from './protocol.js';

/**
 * The raw baseline of webhook ingestion, in a process of its own like the webhook's load
 * generator: the Temporal client's `signal()` with the notification, `concurrency` at a time.
 */
exitWithParent();
const input = JSON.parse(readFileSync(process.env.BENCH_LOAD_INPUT!, 'utf8')) as SignalLoadInput;
const connection = await Connection.connect({ address: input.temporalAddress });
const client = new Client({ connection });

let failures = 0;
let firstFailure: string | undefined;
const send = async (target: SignalLoadInput['targets'][number]) => {
  try {
    await client.workflow.getHandle(target.workflowId).signal('orderNotification', target.notice);
  } catch (error) {
    failures++;
    firstFailure ??= String(error);
  }
};
await runClosedLoop(input.warmup.length, input.concurrency, (i) => send(input.warmup[i]!));
const cpu = process.cpuUsage();
const run = await runClosedLoop(input.targets.length, input.concurrency, (i) => send(input.targets[i]!));
const used = process.cpuUsage(cpu);
await connection.close();
const result: LoadResult = {
  count: run.latencies.length,
  elapsedMs: run.elapsedMs,
  latencies: run.latencies,
  cpuMs: (used.user + used.system) / 1000,
  failures,
  firstFailure,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
