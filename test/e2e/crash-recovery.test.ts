import { randomBytes } from 'node:crypto';
import { judge, type Verdict } from '../../chaos/expected-outcome.js';
import {
  hostingRequestBodyOf,
  numbersFor,
  TestNumbers,
  type RequestKind,
  type RequestSpec,
} from '../../chaos/request-mix.js';
import { workflowIdFor } from '../../workflows/ids.js';
import { startProcessStack, type ProcessExit, type ProcessStack, type RequestEndState } from '../helpers/processes.js';

/** Resolves with the promise, or fails after `ms` (and leaves no timer behind). */
async function within<T>(promise: Promise<T>, ms: number, failure: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(failure)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Crash recovery with real processes: a Temporal dev server on a database file, the worker as a
 * child process that is SIGKILLed, the sandbox as Bandwidth. Every scenario is judged against the
 * sandbox's ground truth: the orders and LOA files Bandwidth holds, and the callbacks it made.
 *
 * An activity whose worker was killed is retried only when its start-to-close timeout (a minute,
 * workflows/activities-proxy.ts) has passed, so the killed worker's requests are checked in the
 * last test; the scenarios in between run meanwhile.
 */
describe('crash recovery: worker killed, notifications lost, Temporal restarted', () => {
  let stack: ProcessStack;
  const numbers = new TestNumbers();
  const run = randomBytes(3).toString('hex');
  let seq = 0;
  const request = (kind: RequestKind, size = 2): RequestSpec => ({
    id: `crash-${run}-${++seq}`,
    kind,
    telephoneNumbers: numbersFor(kind, numbers, size),
    loa: kind !== 'loa-less',
  });

  beforeAll(async () => {
    // Short safety-net polls: a lost notification delays a request by a second or two.
    stack = await startProcessStack({ orderPoll: { initial: '1s', max: '2s' } });
    await stack.startWorker();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  async function submit(specs: RequestSpec[]): Promise<void> {
    for (const spec of specs) {
      const response = await stack.api('/v1/hosting-requests', {
        method: 'POST',
        body: JSON.stringify(hostingRequestBodyOf(spec)),
      });
      expect(response.status).toBe(202);
    }
  }

  const ordersOf = (id: string) => stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === id);

  /** Waits for every request's workflow to close; on timeout, names the ones still open and what they wait on. */
  async function waitForEnds(specs: RequestSpec[], timeoutMs: number): Promise<Map<string, RequestEndState>> {
    const ends = new Map<string, RequestEndState>();
    const deadline = Date.now() + timeoutMs;
    while (ends.size < specs.length && Date.now() < deadline) {
      for (const spec of specs) {
        if (ends.has(spec.id)) continue;
        const end = await stack.requestEnd(spec.id);
        if (end) ends.set(spec.id, end);
      }
      if (ends.size < specs.length) await new Promise((r) => setTimeout(r, 250));
    }
    const open = specs.filter((s) => !ends.has(s.id));
    if (open.length > 0) {
      const details = await Promise.all(
        open.map(async (s) => `${s.id}: ${(await pendingActivities(s.id)).join(', ') || 'no activity pending'}`),
      );
      throw new Error(`${open.length} request(s) did not end within ${timeoutMs} ms:\n${details.join('\n')}`);
    }
    return ends;
  }

  async function pendingActivities(id: string): Promise<string[]> {
    const description = await stack.client.workflow.getHandle(workflowIdFor(id)).describe();
    return (description.raw.pendingActivities ?? []).map((a) => `${a.activityType?.name} (attempt ${a.attempt})`);
  }

  /** Every request judged against Bandwidth's ground truth; only the ones with a problem are returned. */
  function problems(specs: RequestSpec[], ends: Map<string, RequestEndState>): Verdict[] {
    return specs
      .map((spec) => judge(spec, ends.get(spec.id), ordersOf(spec.id)))
      .filter((v) => v.lost || v.duplicated.length > 0 || v.wrong.length > 0);
  }

  // Scenario 1, first half: the kill. Its requests are judged in the last test.
  const killedWorkerRequests: RequestSpec[] = [];

  test('a worker SIGKILLed right after Bandwidth stored an LOA, with order creations in flight, is replaced by a new process', async () => {
    // Slow calls keep activities in flight: a kill cuts them off mid-call.
    stack.sandbox.sandbox.setFaults({
      endpoints: { createOrder: { latencyMs: 3_000 }, uploadLoa: { latencyMs: 1_500 } },
    });
    const waveA = (['clean', 'clean', 'partial', 'mixed-not-importable', 'partial', 'all-failing'] as const).map((k) =>
      request(k),
    );
    const waveB = (['clean', 'partial', 'not-importable', 'mixed-not-importable', 'clean', 'clean'] as const).map((k) =>
      request(k),
    );
    killedWorkerRequests.push(...waveA, ...waveB);

    // The sandbox logs an upload after storing the file and before answering: killing the worker
    // there loses the answer of an upload Bandwidth has already made.
    let storedLoas: Record<string, number> = {};
    let exit: Promise<ProcessExit | undefined> | undefined;
    const killedPid = stack.currentWorker()!.pid;
    const killed = new Promise<void>((resolve) => {
      const off = stack.onSandboxLine((line) => {
        if (exit || !/: LOA \S+ .* uploaded$/.test(line)) return;
        exit = stack.killWorker();
        off();
        storedLoas = Object.fromEntries(
          stack.sandbox.sandbox.orders().map((o) => [o.customerOrderId ?? '', o.loas.length]),
        );
        resolve();
      });
    });

    await submit(waveA);
    // Wave B starts once wave A's orders have ended, so its order creations are under way (held
    // for 3 s) while wave A uploads its LOAs (held for 1.5 s).
    const ordered = waveA.filter((s) => s.kind !== 'not-importable');
    const deadline = Date.now() + 30_000;
    while (
      !ordered.every((s) => ['COMPLETE', 'PARTIAL', 'FAILED'].includes(ordersOf(s.id)[0]?.processingStatus ?? ''))
    ) {
      if (Date.now() > deadline) throw new Error('wave A orders did not end');
      await new Promise((r) => setTimeout(r, 50));
    }
    await submit(waveB);
    await within(killed, 30_000, 'no LOA upload reached Bandwidth');
    expect(await exit).toEqual({ code: null, signal: 'SIGKILL' });

    // What the kill cut off, as Temporal sees it: uploads Bandwidth made whose activity never
    // completed, and order creations still in flight with no order at Bandwidth.
    const loaAnswersLost: string[] = [];
    for (const spec of waveA) {
      if ((storedLoas[spec.id] ?? 0) > 0 && (await pendingActivities(spec.id)).some((a) => a.startsWith('uploadLoa')))
        loaAnswersLost.push(spec.id);
    }
    const createsCut: string[] = [];
    for (const spec of waveB) {
      if (!(spec.id in storedLoas) && (await pendingActivities(spec.id)).some((a) => a.startsWith('createImportOrder')))
        createsCut.push(spec.id);
    }
    expect(loaAnswersLost.length).toBeGreaterThan(0);
    expect(createsCut.length).toBeGreaterThan(0);

    stack.sandbox.sandbox.clearFaults();
    // A new process, polling (startWorker waits for Temporal to list it as a poller).
    const replacement = await stack.startWorker();
    expect(replacement.pid).not.toBe(killedPid);
  }, 90_000);

  test('with every notification lost and every create answered 500 after the order was made, requests end by polling, with no duplicate order', async () => {
    stack.sandbox.sandbox.setFaults({
      notifications: { dropRate: 1 },
      createOrderErrorAfterCommit: { rate: 1, status: 500 },
    });
    const specs = (['clean', 'partial', 'mixed-not-importable', 'all-failing', 'loa-less'] as const).map((k) =>
      request(k),
    );
    await submit(specs);
    const ends = await waitForEnds(specs, 45_000);
    const faults = stack.sandbox.sandbox.faults();
    stack.sandbox.sandbox.clearFaults();

    expect(problems(specs, ends)).toEqual([]);
    const orderIds = new Set(specs.flatMap((s) => ordersOf(s.id).map((o) => o.orderId)));
    expect(orderIds.size).toBe(specs.length);
    // Every create was answered 500 after Bandwidth had made the order, and not one callback came.
    expect(faults.injected.errorAfterCommit).toBeGreaterThanOrEqual(specs.length);
    const callbacks = stack.sandbox.sandbox
      .notifications()
      .filter((n) => n.orderId !== undefined && orderIds.has(n.orderId));
    expect(callbacks.length).toBeGreaterThanOrEqual(specs.length);
    expect(callbacks.every((n) => n.fault === 'dropped' && !n.delivered)).toBe(true);
  }, 60_000);

  test('notifications sent before the create call returns, twice, and followed by a stale one: each request ends right, with one order', async () => {
    stack.sandbox.sandbox.setFaults({ notifications: { earlyRate: 1, duplicateRate: 1, reorderRate: 1 } });
    const specs = (['clean', 'partial', 'mixed-not-importable', 'all-failing'] as const).map((k) => request(k));
    await submit(specs);
    const ends = await waitForEnds(specs, 45_000);
    stack.sandbox.sandbox.clearFaults();

    expect(problems(specs, ends)).toEqual([]);
    for (const spec of specs) {
      const [order] = ordersOf(spec.id);
      const callbacks = stack.sandbox.sandbox.notifications().filter((n) => n.orderId === order!.orderId);
      // Early (the terminal status, before the create answered), its duplicate, then a stale
      // PROCESSING — each accepted by the webhook.
      expect(callbacks.map((n) => [n.fault, n.delivered])).toEqual([
        ['early', true],
        ['duplicate', true],
        ['reordered', true],
      ]);

      const events = (await stack.client.workflow.getHandle(workflowIdFor(spec.id)).fetchHistory()).events ?? [];
      const createScheduled = events.find(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'createImportOrder',
      );
      const createCompleted = events.findIndex(
        (e) =>
          e.activityTaskCompletedEventAttributes &&
          String(e.activityTaskCompletedEventAttributes.scheduledEventId) === String(createScheduled?.eventId),
      );
      const firstSignal = events.findIndex(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'orderNotification',
      );
      const reread = events.findIndex(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'getImportOrder',
      );
      // The race happened: the workflow held the notification before it knew its order id...
      expect(firstSignal).toBeGreaterThan(-1);
      expect(firstSignal).toBeLessThan(createCompleted);
      // ...and used it: the order was re-read at once, before any safety-net poll fired.
      expect(reread).toBeGreaterThan(createCompleted);
      expect(events.slice(createCompleted, reread).some((e) => e.timerFiredEventAttributes)).toBe(false);
    }
  }, 60_000);

  test('requests waiting on Bandwidth while the Temporal server restarts (same port, same database file) all end correctly', async () => {
    // Orders take ~6 s, so every request is waiting on Bandwidth when the server goes down.
    stack.sandbox.sandbox.setFaults({ orderProcessing: { stepDelayMs: 3_000 } });
    const specs = (['clean', 'partial', 'mixed-not-importable', 'loa-less'] as const).map((k) => request(k));
    await submit(specs);
    const deadline = Date.now() + 30_000;
    for (const spec of specs) {
      for (;;) {
        const response = await stack.api(`/v1/hosting-requests/${spec.id}`);
        if (response.status === 200 && ((await response.json()) as { status: string }).status === 'AWAITING_ORDER')
          break;
        if (Date.now() > deadline) throw new Error(`${spec.id} never reached AWAITING_ORDER`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const worker = stack.currentWorker()!;
    let workerExit: ProcessExit | undefined;
    void worker.exited.then((e) => (workerExit = e));
    const endedBeforeRestart = specs.filter((s) =>
      ['COMPLETE', 'PARTIAL', 'FAILED'].includes(ordersOf(s.id)[0]?.processingStatus ?? ''),
    );
    expect(endedBeforeRestart).toEqual([]);

    await stack.temporal.restart();
    const ends = await waitForEnds(specs, 60_000);
    stack.sandbox.sandbox.clearFaults();

    expect(problems(specs, ends)).toEqual([]);
    // The worker rode out the restart on its own: the same process, reconnected.
    expect(workerExit).toBeUndefined();
    expect(stack.currentWorker()).toBe(worker);
  }, 120_000);

  test('every request in flight when the worker was SIGKILLed ends correctly, with exactly one order and one LOA upload each', async () => {
    expect(killedWorkerRequests).toHaveLength(12);
    // The cut-off activities come back once their one-minute start-to-close timeout has passed.
    const ends = await waitForEnds(killedWorkerRequests, 110_000);
    expect(problems(killedWorkerRequests, ends)).toEqual([]);
    const withLoaUploads = killedWorkerRequests.filter((s) =>
      ['clean', 'partial', 'mixed-not-importable'].includes(s.kind),
    );
    for (const spec of withLoaUploads) expect(ordersOf(spec.id).map((o) => o.loas.length)).toEqual([1]);
  }, 120_000);
});
