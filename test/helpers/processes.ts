import { stopWithParent } from '../../scripts/parent-watchdog.js';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { startApi, type RunningApi } from '../../api/server.js';
import { ensureBandwidthSubscriptions } from '../../worker/bandwidth-subscriptions.js';
import { bandwidthClientFromConfig } from '../../config/bandwidth-client.js';
import { loadConfig, type Config } from '../../config/index.js';
import { openRecordsFromConfig, type OpenedRecords } from '../../config/records.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../records/embedded-postgres.js';
import { createLogger } from '../../logging/logger.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.js';
import { startDevServer, type DevServer } from '../../scripts/dev-server.js';
import { workflowIdFor } from '../../workflows/ids.js';
import type { HostingRequestView } from '../../workflows/types.js';

/** The project root: entry points are started from here, as `npm run …` would. */
export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export class ProcessNotReadyError extends Error {
  override readonly name = 'ProcessNotReadyError';
  readonly code = 'PROCESS_NOT_READY';
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcessOptions {
  /** The worker's whole environment (hostflow configuration: TEMPORAL_ADDRESS, SANDBOX_PORT, DATA_DIR, …). */
  env: Record<string, string>;
  /** Gets every line the worker writes (stdout and stderr). */
  onLine?: (line: string) => void;
}

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves when the process has ended, however. */
  readonly exited: Promise<ProcessExit>;
  /** The last lines of its output, for failure messages. */
  outputTail(): string;
  /** SIGKILL: no shutdown, no goodbye to Temporal — what a crash or an OOM kill looks like. */
  kill(): Promise<ProcessExit>;
  /** SIGTERM (the SDK drains the worker), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

/**
 * Starts `worker/main.ts` — the same entry point as `npm run worker` — as a real child process.
 * It runs under `node --import tsx` rather than the `tsx` CLI, so the pid is the worker itself:
 * the CLI would relay signals to a grandchild, and a SIGKILL to it would orphan the real worker.
 */
export function spawnWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  return spawnEntryProcess('worker/main.ts', options);
}

/** Any of hostflow's entry points (`api/main.ts` is `npm run api`) as a real child process, like the worker's. */
export function spawnEntryProcess(entry: string, options: WorkerProcessOptions): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!child.pid) throw new Error(`${entry} could not be started`);
  stopWithParent(child, { intervalMs: 500 });
  let tail: string[] = [];
  const take = (stream: NodeJS.ReadableStream | null) => {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        tail = [...tail.slice(-40), line];
        options.onLine?.(line);
      }
    });
  };
  take(child.stdout);
  take(child.stderr);
  const exited = new Promise<ProcessExit>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
  const pid = child.pid;
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    pid,
    exited,
    outputTail: () => tail.join('\n'),
    kill() {
      if (running()) child.kill('SIGKILL');
      return exited;
    },
    async stop(graceMs = 10_000) {
      if (!running()) return exited;
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      const exit = await exited;
      clearTimeout(killer);
      return exit;
    },
  };
}

// Temporal's TaskQueueType enum (temporal.api.enums.v1), by value: the proto package is not a
// direct dependency of the project.
const TASK_QUEUE_TYPE_WORKFLOW = 1;
const TASK_QUEUE_TYPE_ACTIVITY = 2;

/** The identity the TypeScript SDK gives a worker by default: `{pid}@{hostname}`. */
export function defaultWorkerIdentity(pid: number): string {
  return `${pid}@${hostname()}`;
}

/**
 * Resolves once the worker with this pid polls both the workflow and the activity task queue —
 * the moment it can make progress. Polling Temporal's own view (rather than a log line or a
 * delay) also covers a server that is still coming back. Fails early when the process exits.
 *
 * The connection is the caller's and stays open: closing a connection while the client's gRPC
 * retry interceptor has a retry scheduled (as it does while the server is down) throws from a
 * timer and takes the whole process down.
 */
export async function waitUntilPolling(options: {
  connection: Connection;
  namespace?: string;
  taskQueue: string;
  worker: WorkerProcess;
  timeoutMs?: number;
}): Promise<void> {
  const { worker, taskQueue, connection } = options;
  const namespace = options.namespace ?? 'default';
  const identity = defaultWorkerIdentity(worker.pid);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let exit: ProcessExit | undefined;
  void worker.exited.then((e) => (exit = e));
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exit) {
      throw new ProcessNotReadyError(
        `worker ${worker.pid} exited (code ${exit.code}, signal ${exit.signal}) before polling:\n${worker.outputTail()}`,
      );
    }
    try {
      const polling = await Promise.all(
        [TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY].map(async (taskQueueType) => {
          const answer = await connection.withDeadline(Date.now() + 2_000, () =>
            connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType }),
          );
          return (answer.pollers ?? []).some((poller) => poller.identity === identity);
        }),
      );
      if (polling.every(Boolean)) return;
    } catch (error) {
      lastError = error; // the server may be restarting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new ProcessNotReadyError(
    `worker ${worker.pid} did not poll ${taskQueue} within ${timeoutMs} ms${lastError ? ` (${String(lastError)})` : ''}:\n${worker.outputTail()}`,
  );
}

/**
 * A dev server that can be stopped and started again on the same port and database file, as an
 * operator restarting Temporal would: clients keep their address, the state survives.
 */
export interface RestartableDevServer {
  readonly address: string;
  readonly port: number;
  readonly dbFilename: string;
  /** Stops the server, then starts it again; resolves when it answers again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableDevServer(options: {
  dbFilename: string;
  readyTimeoutMs?: number;
  /** Where the server's own output goes (every run of it); dropped when absent. */
  output?: NodeJS.WritableStream;
}): Promise<RestartableDevServer> {
  const start = (port?: number) =>
    startDevServer({
      port,
      dbFilename: options.dbFilename,
      uiPort: false,
      readyTimeoutMs: options.readyTimeoutMs,
      output: options.output,
    });
  let server: DevServer = await start();
  const { port, address } = server;
  return {
    address,
    port,
    dbFilename: options.dbFilename,
    async restart() {
      await server.stop();
      server = await start(port);
    },
    stop: () => server.stop(),
  };
}

export interface ProcessStackOptions {
  /** ORDER_POLL_INITIAL_INTERVAL and ORDER_POLL_MAX_INTERVAL, as durations (`1s`, `5s`). */
  orderPoll: { initial: string; max: string };
  /** A PostgreSQL of the stack's own (restartable with `restartDatabase`) rather than the suite's. */
  ownDatabase?: boolean;
  /** The sandbox's status step (RECEIVED → PROCESSING → end). */
  sandboxStepDelayMs?: number;
  /** Folder that gets `api.log`, `worker.log`, `sandbox.log` and `temporal.log`; logs are dropped when absent. */
  logDir?: string;
  /** The worker's log level (LOG_LEVEL). Default `warn`. */
  workerLogLevel?: string;
  /** How long a new worker may take to poll (it bundles the workflow code first). Default 60 s. */
  workerReadyTimeoutMs?: number;
}

/** How a request's workflow stands: Temporal's execution status and, once it completed, the API's answer. */
export interface RequestEndState {
  executionStatus: string;
  view?: HostingRequestView;
}

export interface ProcessStack {
  readonly dataDir: string;
  readonly temporal: RestartableDevServer;
  /** Stops hostflow's PostgreSQL, then starts it again on the same port and data (own database only). */
  restartDatabase(): Promise<void>;
  readonly sandbox: RunningSandbox;
  readonly apiUrl: string;
  readonly taskQueue: string;
  /** The API's configuration, read from the same environment the worker gets. */
  readonly config: Config;
  /** A Temporal client of the harness's own (describe, list, history): it never needs the worker. */
  readonly client: Client;
  /** The environment the worker processes get. */
  readonly workerEnv: Record<string, string>;
  /** The worker process running now, if any. */
  currentWorker(): WorkerProcess | undefined;
  /** Starts a worker process and resolves once it polls the task queue. */
  startWorker(): Promise<WorkerProcess>;
  /** SIGKILLs the current worker and resolves once it is gone. */
  killWorker(): Promise<ProcessExit | undefined>;
  /** Gets every line the sandbox logs, synchronously as it happens (before the sandbox answers). */
  onSandboxLine(listener: (line: string) => void): () => void;
  /** Calls the HTTP API with a JSON content type. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Undefined while the request's workflow runs (or cannot be read right now). */
  requestEnd(id: string): Promise<RequestEndState | undefined>;
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

function logSink(logDir: string | undefined, name: string): Writable {
  if (!logDir) return new Writable({ write: (_chunk, _encoding, done) => done() });
  return createWriteStream(join(logDir, name), { flags: 'a' });
}

/**
 * hostflow as deployed, on one machine, with each part where a crash test needs it: a Temporal dev
 * server on a database file (restartable on the same port), the sandbox and the HTTP API in this
 * process (the sandbox is the ground truth, read directly), and the worker as a child process of
 * its own that can be SIGKILLed and started again. The API and the worker read the same
 * environment, so they agree on DATA_DIR (LOA files), the task queue and the Bandwidth account.
 */
export async function startProcessStack(options: ProcessStackOptions): Promise<ProcessStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hostflow-processes-'));
  if (options.logDir) await mkdir(options.logDir, { recursive: true });
  const sandboxLog = logSink(options.logDir, 'sandbox.log');
  const workerLog = logSink(options.logDir, 'worker.log');
  const apiLog = logSink(options.logDir, 'api.log');
  const temporalLog = logSink(options.logDir, 'temporal.log');
  const parts: {
    temporal?: RestartableDevServer;
    sandbox?: RunningSandbox;
    api?: RunningApi;
    connection?: Connection;
    worker?: WorkerProcess;
    records?: OpenedRecords;
    database?: TestDatabase;
    postgres?: EmbeddedPostgres;
  } = {};
  // The order matters: the worker first; then the sandbox, which waits for its callbacks to the
  // API; then the API and the clients (a connection closed while one of its calls is retrying
  // throws from a timer); Temporal; the logs once nothing writes to them.
  const stopAll = async () => {
    const quietly = (stop: Promise<unknown> | undefined) => stop?.catch(() => undefined);
    await quietly(parts.worker?.stop(5_000));
    await quietly(parts.sandbox?.close());
    await quietly(parts.api?.close());
    await quietly(parts.records?.close());
    await quietly(parts.database?.drop());
    await quietly(parts.postgres?.stop());
    await quietly(parts.connection?.close());
    await quietly(parts.temporal?.stop());
    for (const log of [sandboxLog, workerLog, apiLog, temporalLog]) await new Promise<void>((r) => log.end(() => r()));
  };
  try {
    const temporal = await startRestartableDevServer({ dbFilename: join(dataDir, 'temporal.db'), output: temporalLog });
    parts.temporal = temporal;

    const listeners = new Set<(line: string) => void>();
    const credentials = { username: 'sandbox-user', password: randomBytes(12).toString('base64url') };
    const sandbox = await startSandbox({
      port: 0,
      credentials,
      stepDelayMs: options.sandboxStepDelayMs ?? 100,
      logger: (line) => {
        sandboxLog.write(`${new Date().toISOString()} ${line}\n`);
        for (const listener of listeners) listener(line);
      },
    });
    parts.sandbox = sandbox;

    // The suite's PostgreSQL (a fresh database on it), or one of the stack's own that can be restarted.
    let databaseUrl: string;
    if (options.ownDatabase || !process.env.HOSTFLOW_TEST_DATABASE_URL) {
      parts.postgres = await startEmbeddedPostgres({
        dir: join(dataDir, 'postgres'),
        output: logSink(options.logDir, 'postgres.log'),
      });
      databaseUrl = parts.postgres.url;
    } else {
      parts.database = await createTestDatabase();
      databaseUrl = parts.database.url;
    }
    const taskQueue = `hostflow-processes-${randomBytes(4).toString('hex')}`;
    const workerEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SANDBOX: 'on',
      SANDBOX_PORT: new URL(sandbox.url).port,
      SANDBOX_USERNAME: credentials.username,
      SANDBOX_PASSWORD: credentials.password,
      BANDWIDTH_ACCOUNT_ID: sandbox.accountId,
      WEBHOOK_USERNAME: 'bandwidth',
      WEBHOOK_PASSWORD: randomBytes(12).toString('base64url'),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      ORDER_POLL_INITIAL_INTERVAL: options.orderPoll.initial,
      ORDER_POLL_MAX_INTERVAL: options.orderPoll.max,
      // Requests without an LOA end with their order instead of staying open a week for a late one.
      LOA_WAIT: '0',
      LOG_LEVEL: options.workerLogLevel ?? 'warn',
      // Several workers may run on this machine at once (and one starts as the last is killed).
      WORKER_METRICS_PORT: '0',
    };
    const config = loadConfig({ ...workerEnv, PORT: '0', HOST: '127.0.0.1' });
    const logger = createLogger({ name: 'hostflow-api', level: 'warn', destination: apiLog });
    // Built from configuration exactly as `npm run api` builds it (payload codec included), so the
    // API and the worker processes agree on everything they share.
    const opened = await openRecordsFromConfig(config, { embedded: false, process: 'the test API' });
    parts.records = opened;
    const api = await startApi(config, logger, { records: opened.records });
    parts.api = api;
    // The worker ensures Bandwidth's subscriptions at startup: at this API's webhook.
    workerEnv.PUBLIC_BASE_URL = api.url;
    await ensureBandwidthSubscriptions({
      bandwidth: bandwidthClientFromConfig(config),
      publicBaseUrl: api.url,
      credentials: config.webhook,
      logger,
    });

    const connection = Connection.lazy({ address: temporal.address });
    parts.connection = connection;
    const client = new Client({ connection });

    const api$ = (path: string, init: RequestInit = {}) =>
      fetch(`${api.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

    return {
      dataDir,
      temporal,
      sandbox,
      apiUrl: api.url,
      taskQueue,
      config,
      client,
      workerEnv,
      currentWorker: () => parts.worker,
      async restartDatabase() {
        const running = parts.postgres;
        if (!running) throw new Error('restartDatabase needs a stack started with ownDatabase');
        await running.stop();
        parts.postgres = await startEmbeddedPostgres({
          dir: running.dataDir,
          port: running.port,
          output: logSink(options.logDir, 'postgres.log'),
        });
      },
      async startWorker() {
        const started = spawnWorkerProcess({ env: workerEnv, onLine: (line) => workerLog.write(`${line}\n`) });
        parts.worker = started;
        workerLog.write(`--- worker ${started.pid} started ${new Date().toISOString()}\n`);
        await waitUntilPolling({
          connection,
          taskQueue,
          worker: started,
          timeoutMs: options.workerReadyTimeoutMs ?? 60_000,
        });
        return started;
      },
      async killWorker() {
        const victim = parts.worker;
        if (!victim) return undefined;
        const exit = await victim.kill();
        workerLog.write(`--- worker ${victim.pid} SIGKILLed ${new Date().toISOString()}\n`);
        if (parts.worker === victim) parts.worker = undefined;
        return exit;
      },
      onSandboxLine(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      api: api$,
      async requestEnd(id) {
        try {
          const description = await client.workflow.getHandle(workflowIdFor(id)).describe();
          if (description.status.name === 'RUNNING') return undefined;
          if (description.status.name !== 'COMPLETED') return { executionStatus: description.status.name };
          const response = await api$(`/v1/hosting-requests/${encodeURIComponent(id)}`);
          if (response.status !== 200) return undefined;
          return { executionStatus: 'COMPLETED', view: (await response.json()) as HostingRequestView };
        } catch {
          // Temporal restarting, or the request not started yet: not ended (yet).
          return undefined;
        }
      },
      async stop({ keepDataDir = false } = {}) {
        await stopAll();
        if (!keepDataDir) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
