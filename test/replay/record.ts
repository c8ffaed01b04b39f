/**
 * Records the histories the replay test runs: one per path of the hosting workflows, produced by
 * the real code against the sandbox on a real dev server. Run after an intended change to workflow
 * behaviour that is guarded by patched() (or before the first production use):
 *   npm run replay:record
 * and commit test/replay/histories/.
 */
import { writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTemporalCli } from '../../scripts/temporal-cli.js';
import { WORKFLOW_TYPE, workflowIdFor } from '../../workflows/ids.js';
import { cancelSignal, provideLoaSignal } from '../../workflows/messages.js';
import type { hostingRequest } from '../../workflows/hosting-request.js';
import type { HostingRequestInput } from '../../workflows/types.js';

const out = fileURLToPath(new URL('./histories/', import.meta.url));
// The same real parts as a test run: a dev server and a PostgreSQL with a migrated template.
// @ts-expect-error -- plain JavaScript module shared with jest's global setup
const { default: globalSetup } = (await import('../helpers/global-setup.js')) as { default: () => Promise<void> };
// @ts-expect-error -- plain JavaScript module shared with jest's global teardown
const { default: globalTeardown } = (await import('../helpers/global-teardown.js')) as { default: () => Promise<void> };
await globalSetup();
const { startStack, PDF_BYTES } = await import('../helpers/stack.js');

const subscriber = {
  name: 'ABC Inc.',
  serviceAddress: { houseNumber: '11235', streetName: 'Back', city: 'Denver', stateCode: 'CO', zip: '27541' },
};
const saved: string[] = [];

async function save(
  name: string,
  client: Awaited<ReturnType<typeof startStack>>['temporal']['client'],
  workflowId: string,
  runId?: string,
) {
  // The canonical proto JSON, exactly as operators export a history with the temporal CLI.
  const run = runId ?? (await client.workflow.getHandle(workflowId).describe()).runId;
  const shown = spawnSync(
    findTemporalCli(),
    [
      'workflow',
      'show',
      '--address',
      process.env.TEMPORAL_TEST_ADDRESS!,
      '--workflow-id',
      workflowId,
      '--run-id',
      run,
      '-o',
      'json',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (shown.status !== 0) throw new Error(`temporal workflow show failed: ${shown.stderr}`);
  await writeFile(join(out, `${name}.json`), shown.stdout);
  saved.push(name);
}

try {
  // Webhook path, and the LOA-waiting path.
  const stack = await startStack({
    encrypt: false,
    stepDelayMs: 200,
    maxNumbersPerOrder: 2,
    orderWait: { pollInitialIntervalMs: 3_600_000, pollMaxIntervalMs: 3_600_000, loaWaitMs: 30_000 },
  });
  const { client } = stack.temporal;
  const loa = await stack.storeLoa('replay-recording', PDF_BYTES);
  const input = (
    id: string,
    telephoneNumbers: string[],
    extra: Partial<HostingRequestInput> = {},
  ): HostingRequestInput => ({
    id,
    telephoneNumbers,
    siteId: '14413',
    subscriber,
    loaAuthorizingPerson: 'Mark Macchioni',
    createdAt: '2026-11-27T10:00:00.000Z',
    wait: stack.orderWait,
    maxNumbersPerOrder: 2,
    ...extra,
  });
  const run = async (name: string, request: HostingRequestInput) => {
    await client.workflow.execute<typeof hostingRequest>(WORKFLOW_TYPE, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIdFor(request.id),
      args: [request],
    });
    await save(name, client, workflowIdFor(request.id));
  };
  const stamp = Date.now().toString(36);
  await run('complete-with-loa', input(`rec-complete-${stamp}`, ['3032281000', '4109235436'], { loa }));
  await run('partial-with-loa', input(`rec-partial-${stamp}`, ['3032281001', '3032289999'], { loa }));
  await run('failed', input(`rec-failed-${stamp}`, ['3032289999'], { loa }));
  await run('nothing-importable', input(`rec-none-${stamp}`, ['4104685864']));
  await run('split-orders', input(`rec-split-${stamp}`, ['3032281002', '3032281003', '3032281004'], { loa }));
  await save('split-orders-part', client, workflowIdFor(`rec-split-${stamp}-2of2`));

  const cancelled = input(`rec-cancel-early-${stamp}`, ['3032281005']);
  await client.workflow.signalWithStart<typeof hostingRequest, [{ reason?: string }]>(WORKFLOW_TYPE, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIdFor(cancelled.id),
    args: [cancelled],
    signal: cancelSignal,
    signalArgs: [{}],
  });
  await client.workflow.getHandle(workflowIdFor(cancelled.id)).result();
  await save('cancelled-before-order', client, workflowIdFor(cancelled.id));

  const late = input(`rec-late-loa-${stamp}`, ['3032281006']);
  const lateHandle = await client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIdFor(late.id),
    args: [late],
  });
  await stack.waitFor(late.id, (v) => v.status === 'COMPLETE');
  await lateHandle.signal(provideLoaSignal, loa);
  await lateHandle.result();
  await save('late-loa', client, workflowIdFor(late.id));

  const unhost = input(`rec-unhost-${stamp}`, ['3032281007']);
  const unhostHandle = await client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIdFor(unhost.id),
    args: [unhost],
  });
  await stack.waitFor(unhost.id, (v) => v.status === 'COMPLETE');
  await unhostHandle.signal(cancelSignal, { reason: 'recording' });
  await unhostHandle.result();
  await save('cancelled-and-unhosted', client, workflowIdFor(unhost.id));
  await stack.stop();

  // Safety-net poll path (no subscription), with continue-as-new.
  const polling = await startStack({
    encrypt: false,
    subscribe: false,
    stepDelayMs: 2500,
    orderWait: { pollInitialIntervalMs: 50, pollMaxIntervalMs: 100 },
  });
  const pollId = `rec-poll-${stamp}`;
  const first = await polling.temporal.client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
    taskQueue: polling.taskQueue,
    workflowId: workflowIdFor(pollId),
    args: [
      {
        id: pollId,
        telephoneNumbers: ['3032281008'],
        siteId: '14413',
        subscriber,
        loaAuthorizingPerson: 'Mark Macchioni',
        createdAt: '2026-11-27T10:00:00.000Z',
        wait: polling.orderWait,
        continueAsNewAfterEvents: 20,
      },
    ],
  });
  await polling.temporal.client.workflow.getHandle(workflowIdFor(pollId)).result();
  await save('polled-continued-as-new', polling.temporal.client, workflowIdFor(pollId), first.firstExecutionRunId);
  await save('polled-after-continue-as-new', polling.temporal.client, workflowIdFor(pollId));
  await polling.stop();
  process.stdout.write(`recorded ${saved.length} histories into ${out}: ${saved.join(', ')}\n`);
} finally {
  await globalTeardown();
}
process.exit(0);
