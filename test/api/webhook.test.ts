import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app.js';
import { createTemporalGateway } from '../../api/temporal-gateway.js';
import { createLogger } from '../../logging/logger.js';
import { createFileLoaStore } from '../../storage/loa-store.js';
import { freePort } from '../../scripts/dev-server.js';
import { connectTemporal, startWaitingRequest, uniqueId, type TemporalTestKit } from '../helpers/temporal.js';

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

  beforeAll(async () => {
    temporal = await connectTemporal();
    ({ server, url } = await listen(
      createApp({
        gateway: createTemporalGateway({ client: temporal.client, taskQueue }),
        loaStore: createFileLoaStore('/nonexistent'),
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
    ['XML without an order id', '<Notification><Status>COMPLETE</Status></Notification>'],
    [
      'a DTD with entities',
      '<?xml version="1.0"?><!DOCTYPE n [<!ENTITY a "aaaa">]><Notification><OrderId>&a;</OrderId><Status>COMPLETE</Status></Notification>',
    ],
  ])('%s is a 400 problem', async (_name, body) => {
    const response = await send(body, basic(CREDENTIALS.username, CREDENTIALS.password));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  test('reading a running request while no worker answers is a 503 that says so, not a hang', async () => {
    const { id, handle } = await openRequest();
    const response = await fetch(`${url}/v1/hosting-requests/${id}`, { headers: { authorization: 'Bearer k' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('10');
    expect(((await response.json()) as { type: string }).type).toBe('urn:hostflow:problem:worker-unavailable');
    await handle.terminate();
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
    const { server, url } = await listen(
      createApp({
        gateway: createTemporalGateway({ client: new Client({ connection }), taskQueue: 'q' }),
        loaStore: createFileLoaStore('/nonexistent'),
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
    }
  });
});
