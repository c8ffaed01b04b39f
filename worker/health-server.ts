import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeConnection, Worker } from '@temporalio/worker';

// Temporal's TaskQueueType enum (temporal.api.enums.v1), by value.
const TASK_QUEUE_TYPE_WORKFLOW = 1;
const TASK_QUEUE_TYPE_ACTIVITY = 2;

/** What the health server looks at; the worker process fills it in as it starts. */
export interface WorkerHealthSource {
  namespace: string;
  taskQueue: string;
  /** Set once connected to Temporal. */
  connection?: NativeConnection;
  /** Set once the worker exists (it polls from `run()` on). */
  worker?: Worker;
}

export interface WorkerHealthServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Is the worker doing its job? Running, its pollers healthy, and — asked of Temporal itself —
 * polling both the workflow and the activity task queue under its own identity. A worker whose
 * Temporal is unreachable keeps `RUNNING` in the SDK while Core retries, so only Temporal's own
 * answer tells a worker that polls from one that waits.
 */
export async function workerReadiness(
  source: WorkerHealthSource,
  timeoutMs = 2_000,
): Promise<{ ready: boolean; reason: string }> {
  const { worker, connection } = source;
  if (!connection) return { ready: false, reason: 'connecting to Temporal' };
  if (!worker) return { ready: false, reason: 'starting' };
  const state = worker.getState();
  if (state !== 'RUNNING') return { ready: false, reason: `worker ${state.toLowerCase()}` };
  const status = worker.getStatus();
  if (status.workflowPollerState !== 'POLLING' || status.activityPollerState !== 'POLLING')
    return { ready: false, reason: 'pollers stopped' };
  const identity = worker.options.identity;
  try {
    const polling = await Promise.all(
      [TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY].map(async (taskQueueType) => {
        const answer = await connection.withDeadline(Date.now() + timeoutMs, () =>
          connection.workflowService.describeTaskQueue({
            namespace: source.namespace,
            taskQueue: { name: source.taskQueue },
            taskQueueType,
          }),
        );
        return (answer.pollers ?? []).some((poller) => poller.identity === identity);
      }),
    );
    return polling.every(Boolean) ? { ready: true, reason: 'polling' } : { ready: false, reason: 'not polling yet' };
  } catch {
    return { ready: false, reason: 'Temporal unreachable' };
  }
}

/**
 * `GET /healthz` (200 while the process runs) and `GET /readyz` (200 while the worker polls
 * Temporal, 503 otherwise) for orchestrators' probes; nothing else is served.
 */
export async function startWorkerHealthServer(options: {
  host: string;
  port: number;
  source: WorkerHealthSource;
}): Promise<WorkerHealthServer> {
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, { status: 'method not allowed' });
    if (path === '/healthz') return reply(200, { status: 'ok' });
    if (path === '/readyz') {
      void workerReadiness(options.source).then(({ ready, reason }) =>
        reply(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', reason }),
      );
      return;
    }
    reply(404, { status: 'not found' });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
