import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app.js';
import { createTemporalGateway } from '../../api/temporal-gateway.js';
import { createLogger } from '../../logging/logger.js';
import { freePort } from '../../scripts/dev-server.js';
import { startRecordKeeper } from '../../worker/record-keeper.js';
import { freshNumbers } from '../helpers/numbers.js';
import { hostingRequestBody, startStack, type TestStack } from '../helpers/stack.js';
import { uniqueId } from '../helpers/temporal.js';

const silent = createLogger({ name: 'test', level: 'silent' });

/**
 * A request the API accepted while Temporal was unreachable is not lost: it is in the record, and
 * the worker's record keeper starts its workflow once Temporal answers.
 */
describe('a request accepted while Temporal is unreachable', () => {
  let stack: TestStack;
  let server: Server;
  let url: string;
  let dead: Connection;
  beforeAll(async () => {
    stack = await startStack({ orderWait: { loaWaitMs: 0 } });
    // The same record, but an API whose Temporal is a port nobody listens on.
    dead = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 });
    const app = createApp({
      gateway: createTemporalGateway({ client: new Client({ connection: dead }), taskQueue: stack.taskQueue }),
      records: stack.records,
      keyring: stack.keyring,
      logger: silent,
      config: { apiKeys: [], webhook: undefined, orderWait: stack.orderWait },
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await dead?.close().catch(() => undefined);
    await stack?.stop();
  });

  test('is answered 202, reads CHECKING, and ends COMPLETE once the record keeper has started it', async () => {
    const id = uniqueId('kept');
    const response = await fetch(`${url}/v1/hosting-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(2) })),
    });
    expect(response.status).toBe(202);
    expect((await stack.api(`/v1/hosting-requests/${id}`).then((r) => r.json())) as { status: string }).toMatchObject({
      status: 'CHECKING',
    });
    // No workflow exists yet.
    await expect(stack.temporal.client.workflow.getHandle(`hosting-${id}`).describe()).rejects.toMatchObject({
      name: 'WorkflowNotFoundError',
    });

    const keeper = startRecordKeeper({
      client: stack.temporal.client,
      taskQueue: stack.taskQueue,
      records: stack.records,
      keyring: stack.keyring,
      log: silent,
      startGraceMs: 0,
      intervalMs: 60_000,
    });
    try {
      await keeper.runOnce();
      const view = await stack.waitFor(id, (v) => v.status === 'COMPLETE');
      expect(view.numbers.map((n) => n.status)).toEqual(['HOSTED', 'HOSTED']);
      // Started once: a second round finds nothing left to start.
      await keeper.runOnce();
      expect(stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === id)).toHaveLength(1);
      expect(await stack.records.requests.unstarted(0, 10)).toEqual([]);
    } finally {
      await keeper.stop();
    }
  });
});
