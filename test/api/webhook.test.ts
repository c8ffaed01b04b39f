import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app.js';
import { createTemporalGateway } from '../../api/temporal-gateway.js';
import { createLogger } from '../../logging/logger.js';
import { createTestRecords, testKeyring } from '../helpers/database.js';
import { freePort } from '../../scripts/dev-server.js';
import {
  connectTemporal,
  freshNumbers,
  startWaitingRequest,
  uniqueId,
  type TemporalTestKit,
} from '../helpers/temporal.js';
import { hostingRequestBody } from '../helpers/stack.js';
import { workflowIdFor } from '../../contract/ids.js';

const CREDENTIALS = { username: 'bandwidth', password: 'callback-secret' };
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const notification = (orderId: string, customerOrderId?: string, status = 'COMPLETE') =>
  `<?xml version="1.0"?><Notification><SubscriptionId>sub-1</SubscriptionId><OrderType>importtnorders</OrderType>` +
  `<OrderId>${orderId}</OrderId>${customerOrderId ? `<CustomerOrderId>${customerOrderId}</CustomerOrderId>` : ''}` +
  `<Status>${status}</Status><Message>Import TN order has completed.</Message></Notification>`;

async function listen(app: ReturnType<typeof createApp>): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('POST /webhooks/bandwidth/orders', () => {
  let temporal: TemporalTestKit;
  let server: Server;
  let url: string;
  const taskQueue = uniqueId('webhook-test');

  let testRecords: Awaited<ReturnType<typeof createTestRecords>>;

  beforeAll(async () => {
    temporal = await connectTemporal();
    const keyring = testKeyring();
    testRecords = await createTestRecords(keyring);
    ({ server, url } = await listen(
      createApp({
        gateway: createTemporalGateway({ client: temporal.client, taskQueue }),
        records: testRecords.records,
        keyring,
        logger: createLogger({ name: 'test', level: 'silent' }),
        config: {
          apiKeys: ['k'],
          webhook: CREDENTIALS,
          orderWait: { pollInitialIntervalMs: 300_000, pollMaxIntervalMs: 3_600_000 },
        },
      }),
    ));
  });
  afterAll(async () => {
    server.close();
    await temporal.close();
    await testRecords.close();
  });

  const send = (body: string, authorization?: string, contentType = 'application/xml; charset=utf-8') =>
    fetch(`${url}/webhooks/bandwidth/orders`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
      body,
    });

  const openRequest = () => startWaitingRequest(temporal.client, taskQueue, 'hook');
  const signalsOf = async (handle: {
    fetchHistory(): Promise<{ events?: Array<{ workflowExecutionSignaledEventAttributes?: unknown }> | null }>;
  }) => ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;

  test("without credentials it answers Bandwidth's Basic challenge and signals nothing", async () => {
    const { id, handle } = await openRequest();
    const response = await send(notification('order-1', id));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
    expect(await signalsOf(handle)).toBe(0);
    await handle.terminate();
  });

  test('wrong credentials are 401 and signal nothing', async () => {
    const { id, handle } = await openRequest();
    expect((await send(notification('order-1', id), basic('bandwidth', 'wrong'))).status).toBe(401);
    expect((await send(notification('order-1', id), basic('someone', CREDENTIALS.password))).status).toBe(401);
    expect(await signalsOf(handle)).toBe(0);
    await handle.terminate();
  });

  test('a valid notification for a known request is 200 once the signal is accepted', async () => {
    const { id, handle } = await openRequest();
    const response = await send(notification('order-2', id), basic(CREDENTIALS.username, CREDENTIALS.password));
    expect(response.status).toBe(200);
    expect(await signalsOf(handle)).toBe(1);
    await handle.terminate();
  });

  test('a well-formed notification for an order this service does not know is 202', async () => {
    const response = await send(
      notification('unknown-order', uniqueId('nobody')),
      basic(CREDENTIALS.username, CREDENTIALS.password),
    );
    expect(response.status).toBe(202);
    const withoutCustomerId = await send(
      notification('unknown-order'),
      basic(CREDENTIALS.username, CREDENTIALS.password),
    );
    expect(withoutCustomerId.status).toBe(202);
  });

  test.each([
    ['not XML', 'hello'],
    ['truncated XML', '<Notification><OrderId>x</OrderId'],
    ['XML that is not a Notification', '<ImportTnOrder><OrderId>x</OrderId></ImportTnOrder>'],
    [
      'a DTD with entities',
      '<?xml version="1.0"?><!DOCTYPE n [<!ENTITY a "aaaa">]><Notification><OrderId>&a;</OrderId><Status>COMPLETE</Status></Notification>',
    ],
  ])('%s is a 400 problem', async (_name, body) => {
    const response = await send(body, basic(CREDENTIALS.username, CREDENTIALS.password));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  test('a notification naming only its order id reaches the request through the record', async () => {
    const id = uniqueId('routed');
    const created = await fetch(`${url}/v1/hosting-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(1) })),
    });
    expect(created.status).toBe(202);
    // As the create activity records it: the order id becomes findable.
    const orderId = `order-${id}`;
    await testRecords.records.requests.apply(id, [
      { op: 'checked', rejected: [], orders: [{ customerOrderId: id, telephoneNumbers: [] }] },
      { op: 'orderCreated', index: 0, orderId, orderStatus: 'RECEIVED', telephoneNumbers: [] },
    ]);
    const response = await send(notification(orderId), basic(CREDENTIALS.username, CREDENTIALS.password));
    expect(response.status).toBe(200);
    const handle = temporal.client.workflow.getHandle(workflowIdFor(id));
    expect(await signalsOf(handle)).toBe(1);
    await handle.terminate();
  });

  test('a note Bandwidth adds to an order, a MESSAGING_LOST event and an unknown event all get a 2xx', async () => {
    const id = uniqueId('notes');
    const [hosted] = freshNumbers(1) as [string];
    const created = await fetch(`${url}/v1/hosting-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: [hosted] })),
    });
    expect(created.status).toBe(202);
    const orderId = `order-${id}`;
    await testRecords.records.requests.apply(id, [
      { op: 'checked', rejected: [], orders: [{ customerOrderId: id, telephoneNumbers: [hosted] }] },
      { op: 'orderCreated', index: 0, orderId, orderStatus: 'RECEIVED', telephoneNumbers: [hosted] },
      { op: 'orderRead', index: 0, orderId, orderStatus: 'COMPLETE', errors: [], telephoneNumbers: [hosted] },
    ]);
    const auth = basic(CREDENTIALS.username, CREDENTIALS.password);
    const note = await send(
      `<Notification><SubscriptionId>s</SubscriptionId><OrderType>importtnorders</OrderType><OrderId>${orderId}</OrderId>` +
        `<Note>Awaiting carrier confirmation</Note></Notification>`,
      auth,
    );
    expect([note.status, await note.json()]).toEqual([200, { outcome: 'recorded' }]);
    const events = await testRecords.records.requests.events(id);
    expect(events.find((e) => e.type === 'notification.received')?.data).toMatchObject({
      note: 'Awaiting carrier confirmation',
    });

    const lost = await send(
      `<Notification><SubscriptionId>s</SubscriptionId><EventType>MESSAGING_LOST</EventType>` +
        `<ImpactedTelephoneNumbers><TelephoneNumber>+1${hosted}</TelephoneNumber></ImpactedTelephoneNumbers></Notification>`,
      auth,
    );
    expect([lost.status, await lost.json()]).toEqual([200, { outcome: 'recorded' }]);
    const number = await fetch(`${url}/v1/telephone-numbers/${hosted}`, { headers: { authorization: 'Bearer k' } });
    expect(await number.json()).toMatchObject({ status: 'LOST', requestId: id });
    expect((await testRecords.records.requests.get(id))!.numbers[0]!.status).toBe('LOST');

    const unknown = await send(`<Notification><EventType>SOMETHING_NEW</EventType></Notification>`, auth);
    expect([unknown.status, await unknown.json()]).toEqual([202, { outcome: 'ignored' }]);
  });

  test('an oversized body is 413', async () => {
    const body = `<Notification><Note>${'x'.repeat(200_000)}</Note></Notification>`;
    expect((await send(body, basic(CREDENTIALS.username, CREDENTIALS.password))).status).toBe(413);
  });
});

describe('when Temporal is unavailable', () => {
  test('readiness is 503 and a notification is 503, so the caller knows it was not taken', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const connection = Connection.lazy({ address, connectTimeout: 500 });
    const keyring = testKeyring();
    const testRecords = await createTestRecords(keyring);
    const { server, url } = await listen(
      createApp({
        gateway: createTemporalGateway({ client: new Client({ connection }), taskQueue: 'q' }),
        records: testRecords.records,
        keyring,
        logger: createLogger({ name: 'test', level: 'silent' }),
        config: {
          apiKeys: [],
          webhook: undefined,
          orderWait: { pollInitialIntervalMs: 300_000, pollMaxIntervalMs: 3_600_000 },
        },
      }),
    );
    try {
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const response = await fetch(`${url}/webhooks/bandwidth/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: notification('o', 'c'),
      });
      expect(response.status).toBe(503);
    } finally {
      server.close();
      await testRecords.close();
    }
  });
});
