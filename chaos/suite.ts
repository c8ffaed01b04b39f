import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultsView, NotificationDelivery, SandboxOrderView } from '../sandbox/index.js';
import { startProcessStack, type ProcessStack, type RequestEndState } from '../test/helpers/processes.js';
import { requestIdFromWorkflowId, WORKFLOW_TYPE, workflowIdFor } from '../workflows/ids.js';
import type { HostingRequestView } from '../workflows/types.js';
import { judge, ordersByRequest, type Verdict } from './expected-outcome.js';
import { chaosFaultPlan } from './fault-plan.js';
import { seededRandom } from './random.js';
import { chaosRequests, hostingRequestBodyOf, type RequestKind, type RequestSpec } from './request-mix.js';
import { figuresOf, type ChaosFigures } from './figures.js';
import { WorkerChaos } from './worker-chaos.js';

export interface ChaosOptions {
  mode: string;
  requests: number;
  /** Requests submitted per second, spread evenly. */
  submitPerSecond: number;
  /** Seeds the sandbox's fault decisions and the worker kill times. */
  seed: number;
  /**
   * Faults and kills go on this long after the last request was submitted; then they stop and
   * the run waits for the requests still open, which must end by themselves.
   */
  chaosAfterSubmissionsMs: number;
  /** The whole run, start to verdict; open requests at this point are lost. */
  deadlineMs: number;
  /** Each worker process lives this long after it starts polling, then is SIGKILLed. */
  workerLifetimeMs: readonly [number, number];
  /** Restart the Temporal server once this share of the requests has been submitted. */
  restartServerAt: number;
  /** Restart hostflow's PostgreSQL once this share has been submitted; never when absent. */
  restartDatabaseAt?: number;
  /** How long a hung Bandwidth call is held. */
  hangMs: number;
  /** ORDER_POLL_INITIAL_INTERVAL / ORDER_POLL_MAX_INTERVAL: small, so a dropped notification only delays. */
  orderPoll: { initial: string; max: string };
  progressEveryMs: number;
  log: (line: string) => void;
  /** Where the logs of every part go; a temporary folder (removed after a clean run) when absent. */
  logDir?: string;
}

/** The contract's run: 200 requests under every fault at once. */
export const FULL_RUN = {
  mode: 'full',
  requests: 200,
  submitPerSecond: 4,
  chaosAfterSubmissionsMs: 120_000,
  deadlineMs: 20 * 60_000,
  workerLifetimeMs: [3_000, 8_000],
  restartServerAt: 0.5,
  restartDatabaseAt: 0.3,
  // Past both the Bandwidth client's 30 s request timeout and the activity's 1-minute
  // start-to-close timeout: a hung call never answers.
  hangMs: 65_000,
  orderPoll: { initial: '2s', max: '5s' },
  progressEveryMs: 5_000,
} as const satisfies Omit<ChaosOptions, 'seed' | 'log'>;

/** The same faults, fewer requests: what `npm test` runs. */
export const QUICK_RUN = {
  ...FULL_RUN,
  mode: 'quick',
  requests: 40,
  // One outage of each kind is enough for the full run; the quick one keeps to Temporal's.
  restartDatabaseAt: undefined,
  // Long enough for most orders to be created and end (and be notified) under the faults.
  chaosAfterSubmissionsMs: 30_000,
  workerLifetimeMs: [2_000, 5_000],
  deadlineMs: 8 * 60_000,
} as const satisfies Omit<ChaosOptions, 'seed' | 'log'>;

export interface OpenRequest {
  id: string;
  kind: RequestKind;
  waitingOn: string;
}

export interface ChaosResult {
  ok: boolean;
  figures: ChaosFigures;
  /** Requests lost, duplicated or wrong, with what was found. */
  problems: Verdict[];
  /** Orders Bandwidth received under no request's CustomerOrderId. */
  strayOrders: SandboxOrderView[];
  /** Requests still open at the deadline. */
  open: OpenRequest[];
  /** Requests the API never accepted. */
  notAccepted: Array<{ id: string; reason: string }>;
  logDir?: string;
}

interface Tracked {
  spec: RequestSpec;
  acceptedAt?: number;
  /** Whether it ended while faults and kills were still going on. */
  endedInChaos?: boolean;
  endedAt?: number;
  end?: RequestEndState;
  rejected?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TERMINAL_EXECUTION = "ExecutionStatus != 'Running'";

/**
 * One chaos run: hostflow as deployed (worker in its own process), hundreds of requests through
 * the HTTP API while the sandbox fails, hangs, rate-limits and loses or repeats callbacks, the
 * worker is SIGKILLed every few seconds and the Temporal server is restarted once. Then every
 * request is judged against the sandbox's ground truth.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const startedAt = Date.now();
  const deadline = startedAt + options.deadlineMs;
  const log = (line: string) =>
    options.log(`[chaos ${String(Math.round((Date.now() - startedAt) / 1000)).padStart(4)}s] ${line}`);
  const logDir = options.logDir ?? (await mkdtemp(join(tmpdir(), 'hostflow-chaos-')));
  const random = seededRandom(options.seed);
  const specs = chaosRequests(options.requests, `chaos-${randomBytes(3).toString('hex')}`);
  const tracked = new Map(specs.map((spec) => [spec.id, { spec } as Tracked]));

  log(`${options.mode} run: ${specs.length} requests, seed ${options.seed}, logs in ${logDir}`);
  const stack = await startProcessStack({
    orderPoll: options.orderPoll,
    logDir,
    sandboxStepDelayMs: 300,
    workerReadyTimeoutMs: 180_000,
    // Its own PostgreSQL, so the run can restart it.
    ownDatabase: true,
  });
  const sandboxJson = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${stack.sandbox.url}/_sandbox/${path}`, {
      ...init,
      headers: { 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };

  const workers = new WorkerChaos(stack, { lifetimeMs: options.workerLifetimeMs, random, log });
  const server = { restarts: 0, downtimeMs: 0, restarting: undefined as Promise<void> | undefined };
  const database = { restarts: 0, downtimeMs: 0, restarting: undefined as Promise<void> | undefined };
  let result: ChaosResult | undefined;
  try {
    await sandboxJson('faults', {
      method: 'PUT',
      body: JSON.stringify(chaosFaultPlan({ seed: options.seed, hangMs: options.hangMs })),
    });
    workers.start();
    // Load starts once a worker runs: from then on, every stretch of the run has requests at every stage.
    while (!workers.up) {
      if (Date.now() > deadline) throw new Error('no worker started before the deadline');
      await sleep(100);
    }
    log('first worker polling; submitting');

    const restartServer = async () => {
      log('restarting the Temporal server (same port, same database file)');
      const down = Date.now();
      await stack.temporal.restart();
      server.downtimeMs = Date.now() - down;
      server.restarts += 1;
      log(`Temporal server back after ${server.downtimeMs} ms`);
    };

    const restartDatabase = async () => {
      log("restarting hostflow's PostgreSQL (same port, same data)");
      const down = Date.now();
      await stack.restartDatabase();
      database.downtimeMs = Date.now() - down;
      database.restarts += 1;
      log(`PostgreSQL back after ${database.downtimeMs} ms`);
    };
    const databaseRestartDue = () =>
      options.restartDatabaseAt !== undefined &&
      !database.restarting &&
      !server.restarting &&
      workers.kills >= 1 &&
      [...tracked.values()].filter((t) => t.acceptedAt).length >= Math.ceil(specs.length * options.restartDatabaseAt);

    const submitting = submitAll(stack, [...tracked.values()], { perSecond: options.submitPerSecond, deadline });
    // Once, mid-run: when enough requests are in and the worker has been killed at least once, so
    // the restart meets requests at every stage.
    const restartDue = () =>
      !server.restarting &&
      workers.kills >= 1 &&
      [...tracked.values()].filter((t) => t.acceptedAt).length >= Math.ceil(specs.length * options.restartServerAt);

    /** Faults off (their counts kept), kills over, one worker left running. */
    const endChaos = async () => {
      await sandboxJson('faults', { method: 'DELETE' });
      await workers.stop();
      if (!stack.currentWorker()) await stack.startWorker();
    };

    let lastProgress = 0;
    const progress = async (phase: string) => {
      const values = [...tracked.values()];
      const faults = await sandboxJson<FaultsView>('faults').catch(() => undefined);
      const injected = faults
        ? Object.entries(faults.injected)
            .filter(([, n]) => n > 0)
            .map(([kind, n]) => `${kind} ${n}`)
            .join(', ')
        : 'unavailable';
      log(
        `${phase} · submitted ${values.filter((t) => t.acceptedAt).length}/${specs.length} · ended ${values.filter((t) => t.end).length} · ` +
          `worker kills ${workers.kills}${phase === 'chaos' ? ` (worker ${workers.up ? 'up' : 'down'})` : ''} · server restarts ${server.restarts} · database restarts ${database.restarts} · faults: ${injected}`,
      );
    };

    // Watch until every accepted request has ended (or the deadline). Faults and kills stop a
    // while after the last submission; the requests still open must then end by themselves.
    let submissionsDoneAt: number | undefined;
    void submitting.then(() => (submissionsDoneAt = Date.now()));
    let chaosEndedAt: number | undefined;
    for (;;) {
      await collectEnds(stack, tracked, chaosEndedAt === undefined);
      if (chaosEndedAt === undefined && databaseRestartDue()) database.restarting = restartDatabase();
      if (chaosEndedAt === undefined && restartDue()) server.restarting = restartServer();
      const open = [...tracked.values()].filter((t) => !t.end && !t.rejected);
      if (submissionsDoneAt !== undefined && open.length === 0) break;
      if (Date.now() >= deadline) break;
      if (
        chaosEndedAt === undefined &&
        submissionsDoneAt !== undefined &&
        Date.now() - submissionsDoneAt >= options.chaosAfterSubmissionsMs
      ) {
        await server.restarting;
        await database.restarting;
        if (server.restarts === 0) await restartServer();
        if (options.restartDatabaseAt !== undefined && database.restarts === 0) await restartDatabase();
        await endChaos();
        chaosEndedAt = Date.now();
        log(`faults and kills stopped; waiting for the ${open.length} open request(s) to end by themselves`);
      }
      if (Date.now() - lastProgress >= options.progressEveryMs) {
        lastProgress = Date.now();
        await progress(chaosEndedAt === undefined ? 'chaos' : 'recovery');
      }
      await sleep(1_000);
    }
    await progress(chaosEndedAt === undefined ? 'chaos' : 'recovery');
    if (chaosEndedAt === undefined) {
      await server.restarting;
      await database.restarting;
      await endChaos();
      chaosEndedAt = Date.now();
    }
    await submitting;

    // The verdict, from Bandwidth's side: every order and callback the sandbox saw.
    const [orders, notifications, faults] = await Promise.all([
      sandboxJson<SandboxOrderView[]>('orders'),
      sandboxJson<NotificationDelivery[]>('notifications'),
      sandboxJson<FaultsView>('faults'),
    ]);
    const { byRequest, strays } = ordersByRequest(orders, new Set(specs.map((s) => s.id)));
    const verdicts = [...tracked.values()].map((t) => judge(t.spec, t.end, byRequest.get(t.spec.id) ?? []));
    const problems = verdicts.filter((v) => v.lost || v.duplicated.length > 0 || v.wrong.length > 0);
    const openRequests = await describeOpen(
      stack,
      [...tracked.values()].filter((t) => !t.end && !t.rejected),
    );
    const notAccepted = [...tracked.values()]
      .filter((t) => t.rejected)
      .map((t) => ({ id: t.spec.id, reason: t.rejected! }));
    const figures = figuresOf({
      options,
      startedAt,
      tracked: [...tracked.values()].map((t) => ({
        kind: t.spec.kind,
        acceptedAt: t.acceptedAt,
        endedAt: t.endedAt,
        ended: t.end !== undefined,
        endedInChaos: t.endedInChaos === true,
      })),
      chaosSeconds: (chaosEndedAt - startedAt) / 1000,
      verdicts,
      strays: strays.length,
      orders,
      notifications,
      injected: faults.injected,
      worker: {
        kills: workers.kills,
        unexpectedExits: workers.unexpectedExits,
        failedStarts: workers.failedStarts,
        startupMs: workers.startupMs,
      },
      server,
      database,
    });
    const ok =
      problems.length === 0 &&
      strays.length === 0 &&
      notAccepted.length === 0 &&
      openRequests.length === 0 &&
      workers.unexpectedExits === 0;
    result = {
      ok,
      figures,
      problems,
      strayOrders: strays,
      open: openRequests,
      notAccepted,
      logDir: ok && !options.logDir ? undefined : logDir,
    };
    return result;
  } finally {
    await workers.stop();
    await stack.stop({ keepDataDir: result?.ok === false });
    if (result?.ok && !options.logDir) await rm(logDir, { recursive: true, force: true });
  }
}

/** Submits every request through the HTTP API at a steady rate, retrying what a restart or a 5xx interrupts. */
async function submitAll(
  stack: ProcessStack,
  requests: Tracked[],
  options: { perSecond: number; deadline: number },
): Promise<void> {
  const begin = Date.now();
  const inFlight = new Set<Promise<void>>();
  for (const [i, request] of requests.entries()) {
    const due = begin + (i * 1000) / options.perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const one = submitOne(stack, request, options.deadline);
    inFlight.add(one);
    void one.finally(() => inFlight.delete(one));
    // A bound on concurrent calls: a stalled API slows submission down rather than piling up.
    if (inFlight.size >= 16) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

async function submitOne(stack: ProcessStack, request: Tracked, deadline: number): Promise<void> {
  const body = JSON.stringify(hostingRequestBodyOf(request.spec));
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    let status: number | string;
    try {
      const response = await stack.api('/v1/hosting-requests', {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(15_000),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      status = (error as Error).name;
    }
    // A retried create that finds the request exists: the earlier attempt started it.
    if (status === 202 || (status === 409 && attempt > 1)) {
      request.acceptedAt = Date.now();
      return;
    }
    if (typeof status === 'number' && status < 500) {
      request.rejected = `POST answered ${status}`;
      return;
    }
    await sleep(Math.min(500 * attempt, 5_000));
  }
  request.rejected = 'not accepted before the deadline';
}

/** Records the end of every request whose workflow has closed since the last look. */
async function collectEnds(stack: ProcessStack, tracked: Map<string, Tracked>, inChaos: boolean): Promise<void> {
  const closed: Array<{ id: string; status: string }> = [];
  try {
    const query = `WorkflowType = '${WORKFLOW_TYPE}' AND TaskQueue = '${stack.taskQueue}' AND ${TERMINAL_EXECUTION}`;
    for await (const execution of stack.client.workflow.list({ query })) {
      const id = requestIdFromWorkflowId(execution.workflowId);
      const request = id === undefined ? undefined : tracked.get(id);
      if (id && request && !request.end) closed.push({ id, status: execution.status.name });
    }
  } catch {
    return; // Temporal restarting: look again next time
  }
  for (const { id, status } of closed) {
    const request = tracked.get(id)!;
    if (status !== 'COMPLETED') {
      request.end = { executionStatus: status };
    } else {
      try {
        const response = await stack.api(`/v1/hosting-requests/${encodeURIComponent(id)}`, {
          signal: AbortSignal.timeout(10_000),
        });
        if (response.status !== 200) continue;
        request.end = { executionStatus: status, view: (await response.json()) as HostingRequestView };
      } catch {
        continue;
      }
    }
    request.endedAt = Date.now();
    request.endedInChaos = inChaos;
  }
}

/** What each open request waits on, as Temporal sees it: for the deadline report. */
async function describeOpen(stack: ProcessStack, open: Tracked[]): Promise<OpenRequest[]> {
  return Promise.all(
    open.map(async ({ spec }) => {
      let waitingOn: string;
      try {
        const description = await stack.client.workflow.getHandle(workflowIdFor(spec.id)).describe();
        const pending = (description.raw.pendingActivities ?? []).map(
          (a) =>
            `${a.activityType?.name} attempt ${a.attempt}${a.lastFailure?.message ? ` (${a.lastFailure.message})` : ''}`,
        );
        waitingOn = pending.length > 0 ? pending.join('; ') : `no activity pending (${description.status.name})`;
      } catch (error) {
        waitingOn = `not readable: ${(error as Error).message}`;
      }
      return { id: spec.id, kind: spec.kind, waitingOn };
    }),
  );
}
