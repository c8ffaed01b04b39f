import { freePort } from '../../scripts/dev-server.js';
import { workflowIdFor } from '../../workflows/ids.js';
import {
  defaultWorkerIdentity,
  spawnWorkerProcess,
  startProcessStack,
  type ProcessStack,
} from '../helpers/processes.js';
import { hostingRequestBody } from '../helpers/stack.js';
import { eventually, uniqueId } from '../helpers/temporal.js';

/**
 * The worker as an orchestrator sees it: `/healthz` and `/readyz` on WORKER_HEALTH_PORT (ready
 * means Temporal itself lists this worker among the pollers of its task queue), and a SIGTERM that
 * lets the activity in flight finish instead of cancelling it.
 */
describe('worker health and shutdown (a real worker process)', () => {
  let stack: ProcessStack;
  beforeAll(async () => {
    stack = await startProcessStack({ orderPoll: { initial: '1s', max: '2s' } });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const probe = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
  };

  test('/readyz is 503 while Temporal is unreachable and 200 once the worker polls, again after Temporal comes back', async () => {
    const port = await freePort();
    const health = `http://127.0.0.1:${port}`;
    await stack.temporal.stop();
    const worker = spawnWorkerProcess({ env: { ...stack.workerEnv, WORKER_HEALTH_PORT: String(port) } });
    try {
      // Alive, not ready: it waits for Temporal.
      expect(await eventually(async () => (await probe(`${health}/healthz`)).status, 30_000, '/healthz')).toBe(200);
      expect(await probe(`${health}/readyz`)).toEqual({
        status: 503,
        body: { status: 'not ready', reason: 'connecting to Temporal' },
      });

      await stack.temporal.restart();
      await eventually(
        async () => ((await probe(`${health}/readyz`)).status === 200 ? true : undefined),
        90_000,
        '/readyz 200 once Temporal answers and the worker polls',
      );
      expect((await probe(`${health}/readyz`)).body).toEqual({ status: 'ready', reason: 'polling' });

      // Temporal goes away under a running worker: the SDK still says RUNNING, /readyz does not.
      await stack.temporal.stop();
      const down = await eventually(
        async () => {
          const answer = await probe(`${health}/readyz`);
          return answer.status === 503 ? answer : undefined;
        },
        30_000,
        '/readyz 503 with Temporal down',
      );
      expect(down.body).toEqual({ status: 'not ready', reason: 'Temporal unreachable' });
      expect((await probe(`${health}/healthz`)).status).toBe(200);

      await stack.temporal.restart();
      await eventually(
        async () => ((await probe(`${health}/readyz`)).status === 200 ? true : undefined),
        60_000,
        '/readyz 200 after Temporal came back',
      );
    } finally {
      const exit = await worker.stop(20_000);
      expect(exit).toEqual({ code: 0, signal: null });
    }
  }, 240_000);

  test('SIGTERM lets the running activity finish: it completes on the stopping worker, not on a retry', async () => {
    // Every importability check takes 4 s: long enough to stop the worker in the middle of one.
    const faults = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoints: { importTnChecker: { latencyMs: 4_000 } } }),
    });
    expect(faults.status).toBe(200);
    const worker = await stack.startWorker();
    const id = uniqueId('grace');
    const created = await stack.api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: ['3032281000'] })),
    });
    expect(created.status).toBe(202);
    const handle = stack.client.workflow.getHandle(workflowIdFor(id));
    await eventually(
      async () => {
        const { raw } = await handle.describe();
        return (raw.pendingActivities ?? []).some(
          (a) => a.activityType?.name === 'checkImportability' && a.lastStartedTime,
        )
          ? true
          : undefined;
      },
      30_000,
      'checkImportability running',
    );

    const stopped = Date.now();
    expect(await worker.stop(30_000)).toEqual({ code: 0, signal: null });
    // It waited for the call in flight (the SDK's default would have cancelled it at once).
    expect(Date.now() - stopped).toBeGreaterThan(1_000);

    const history = await handle.fetchHistory();
    const completed = (history.events ?? []).filter((e) => e.activityTaskCompletedEventAttributes);
    const failed = (history.events ?? []).filter(
      (e) => e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes,
    );
    expect(completed).toHaveLength(1);
    expect(completed[0]!.activityTaskCompletedEventAttributes!.identity).toBe(defaultWorkerIdentity(worker.pid));
    expect(failed).toEqual([]);

    await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    await stack.startWorker();
    const end = await eventually(async () => (await stack.requestEnd(id))?.view, 60_000, `${id} to end`);
    expect(end.status).toBe('COMPLETE');
  }, 120_000);
});
