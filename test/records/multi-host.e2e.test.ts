import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { generatePayloadKey } from '../../codec/index.js';
import type { HostingRequestView } from '../../contract/view.js';
import { freePort } from '../../scripts/dev-server.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { freshNumbers } from '../helpers/numbers.js';
import { spawnEntryProcess, waitUntilPolling, type WorkerProcess } from '../helpers/processes.js';
import { hostingRequestBody, PDF_BYTES } from '../helpers/stack.js';
import { eventually, temporalAddress, uniqueId } from '../helpers/temporal.js';

const API_KEY = 'multi-host-key';

/**
 * Two hosts, each with an API and a worker and a DATA_DIR of its own, over one PostgreSQL and one
 * Temporal: what one host records, the other reads; an LOA given to one API is uploaded by
 * whichever worker runs the request — also when one worker is SIGKILLed mid-flight.
 */
describe('two hosts over one database and one Temporal', () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let database: TestDatabase;
  let direct: Connection;
  const processes: WorkerProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostflow-multi-host-'));
    await chmod(dir, 0o755);
    // Slow enough that the kill below lands while orders are still processing.
    sandbox = await startSandbox({ port: 0, credentials: { username: 'bw', password: 'bw-secret' }, stepDelayMs: 800 });
    database = await createTestDatabase();
    direct = await Connection.connect({ address: temporalAddress() });
  });
  afterAll(async () => {
    for (const p of processes) await p.stop(10_000).catch(() => undefined);
    await direct?.close();
    await sandbox?.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('requests with LOAs posted to either API end COMPLETE with one order and one LOA upload each, though a worker dies', async () => {
    const taskQueue = uniqueId('multi-host');
    const shared = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      // Shared by every host of a deployment: the payload key, the webhook's and the API's credentials.
      PAYLOAD_ENCRYPTION_KEY: generatePayloadKey(),
      WEBHOOK_USERNAME: 'bandwidth',
      WEBHOOK_PASSWORD: randomBytes(12).toString('base64url'),
      API_KEYS: API_KEY,
      SANDBOX: 'on',
      SANDBOX_PORT: new URL(sandbox.url).port,
      SANDBOX_USERNAME: 'bw',
      SANDBOX_PASSWORD: 'bw-secret',
      ORDER_POLL_INITIAL_INTERVAL: '2s',
      ORDER_POLL_MAX_INTERVAL: '5s',
      LOG_LEVEL: 'warn',
      WORKER_METRICS_PORT: '0',
    };
    const hosts = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const port = await freePort();
        return {
          name,
          url: `http://127.0.0.1:${port}`,
          env: {
            ...shared,
            DATA_DIR: join(dir, name),
            PORT: String(port),
            PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          },
        };
      }),
    );
    const start = (entry: string, env: Record<string, string>) => {
      const child = spawnEntryProcess(entry, { env });
      processes.push(child);
      return child;
    };
    for (const host of hosts) start('api/main.ts', host.env);
    const workers = hosts.map((host) => start('worker/main.ts', host.env));
    for (const host of hosts) {
      await eventually(
        async () => ((await fetch(`${host.url}/readyz`)).status === 200 ? true : undefined),
        60_000,
        `API ${host.name}`,
      );
    }
    for (const worker of workers) await waitUntilPolling({ connection: direct, taskQueue, worker, timeoutMs: 90_000 });

    const call = (host: (typeof hosts)[number], path: string, body?: unknown) =>
      fetch(`${host.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const loa = { contentType: 'application/pdf', filename: 'loa.pdf', data: PDF_BYTES.toString('base64') };
    const ids = Array.from({ length: 8 }, (_, i) => uniqueId(`host-${i}`));
    for (const [i, id] of ids.entries()) {
      // Half carry their LOA in the create body, half get it later through the other host's API.
      const host = hosts[i % 2]!;
      const body = hostingRequestBody({
        customerOrderId: id,
        telephoneNumbers: freshNumbers(2),
        ...(i < 4 ? { loa } : {}),
      });
      expect((await call(host, '/v1/hosting-requests', body)).status).toBe(202);
    }
    for (const [i, id] of ids.entries()) {
      if (i < 4) continue;
      expect((await call(hosts[(i + 1) % 2]!, `/v1/hosting-requests/${id}/loa`, loa)).status).toBe(202);
    }
    // Mid-flight: orders are still processing at the sandbox.
    await eventually(async () => (sandbox.sandbox.orders().length >= 2 ? true : undefined), 30_000, 'orders under way');
    await workers[0]!.kill();

    const views: HostingRequestView[] = [];
    for (const [i, id] of ids.entries()) {
      // Read from the host that did not take the request: the record is the same everywhere.
      const reader = hosts[(i + 1) % 2]!;
      views.push(
        await eventually(
          async () => {
            const view = (await (await call(reader, `/v1/hosting-requests/${id}`)).json()) as HostingRequestView;
            return view.status === 'COMPLETE' && view.loa.status === 'UPLOADED' ? view : undefined;
          },
          120_000,
          `${id} COMPLETE with its LOA uploaded`,
        ),
      );
    }
    for (const [i, id] of ids.entries()) {
      const orders = sandbox.sandbox.orders().filter((o) => o.customerOrderId === id);
      expect({ id, orders: orders.length, loas: orders[0]?.loas.length }).toEqual({ id, orders: 1, loas: 1 });
      expect(views[i]!.orderId).toBe(orders[0]!.orderId);
      expect(orders[0]!.loas[0]!.bytes).toBe(PDF_BYTES.length);
    }
  }, 300_000);
});
