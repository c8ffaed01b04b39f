import { FaultConfigError, type FaultsView } from '../../sandbox/index.js';
import { behaviours, sandboxFixture, statusesUntilEnd, waitFor, type BandwidthCaller } from './helpers.js';
import { orderRequest, SEED_CHECKER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

async function putFaults(
  caller: BandwidthCaller,
  config: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${caller.running.url}/_sandbox/faults`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(config),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const injected = async (caller: BandwidthCaller) => (await caller.inspect<FaultsView>('faults')).injected;

describe('fault injection', () => {
  test('an endpoint error rate answers 5xx and counts it; DELETE stops it and keeps the counts', async () => {
    const caller = await fixture.start();
    const put = await putFaults(caller, { seed: 1, endpoints: { importTnChecker: { errorRate: 1, status: 503 } } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      seed: 1,
      endpoints: { importTnChecker: { errorRate: 1, status: 503, latencyMs: 0, hangRate: 0, hangMs: 40000 } },
    });
    const failed = await caller.post('importTnChecker', SEED_CHECKER_REQUEST);
    expect(failed.status).toBe(503);
    expect(failed.xml.ErrorResponse.ResponseStatus.ErrorCode).toBeDefined();
    expect((await caller.get('importTnOrders')).status).toBe(200);
    expect(await injected(caller)).toMatchObject({ http5xx: 1, hang: 0, rateLimited: 0 });

    expect((await fetch(`${caller.running.url}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await caller.post('importTnChecker', SEED_CHECKER_REQUEST)).status).toBe(200);
    const view = await caller.inspect<FaultsView>('faults');
    expect(view.endpoints).toBeUndefined();
    expect(view.injected.http5xx).toBe(1);
  });

  test('rate limiting answers 429 with an empty body and X-RateLimit-Reset in epoch seconds', async () => {
    const caller = await fixture.start();
    await putFaults(caller, { rateLimit: { endpoint: 'importTnChecker', burst: 3, resetAfterMs: 2000 } });
    const startedSeconds = Date.now() / 1000;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await caller.post('importTnChecker', SEED_CHECKER_REQUEST)).status);
    const limited = await caller.post('importTnChecker', SEED_CHECKER_REQUEST);
    expect(statuses).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('');
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(startedSeconds));
    expect(reset).toBeLessThanOrEqual(Math.ceil(startedSeconds) + 3);
    expect((await caller.get('importTnOrders')).status).toBe(200);
    expect((await injected(caller)).rateLimited).toBe(1);
  });

  test('a hung call gets no answer and is cut off; close() does not wait for the hang', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ endpoints: { listOrders: { hangRate: 1, hangMs: 200 } } });
    await expect(caller.get('importTnOrders')).rejects.toThrow();
    expect(caller.running.sandbox.faults().injected.hang).toBe(1);

    caller.running.sandbox.setFaults({ endpoints: { listOrders: { hangRate: 1, hangMs: 600_000 } } });
    const hanging = caller.get('importTnOrders');
    hanging.catch(() => undefined);
    await waitFor(() => caller.running.sandbox.faults().injected.hang === 1, 'the call to be held');
    await caller.running.close();
    await expect(hanging).rejects.toThrow();
  });

  test('latency delays a call without failing it', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ endpoints: { getOrder: { latencyMs: 50 } } });
    const orderId = await caller.createOrder(['3032281000']);
    expect((await caller.get(`importTnOrders/${orderId}`)).status).toBe(200);
    expect(caller.running.sandbox.faults().injected.delayed).toBe(1);
  });

  test('the same seed injects the same faults', async () => {
    const caller = await fixture.start();
    const run = async () => {
      caller.running.sandbox.setFaults({ seed: 42, endpoints: { listOrders: { errorRate: 0.5 } } });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await caller.get('importTnOrders')).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(500);
  });

  test('error after commit: the order exists and proceeds although the create call answered 500', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ createOrderErrorAfterCommit: { rate: 1 } });
    const answer = await caller.post('importTnOrders', orderRequest(['3032281000'], 'after-commit'));
    expect(answer.status).toBe(500);
    const orders = await caller.inspect<Array<{ orderId: string; customerOrderId: string }>>('orders');
    expect(orders.map((order) => order.customerOrderId)).toEqual(['after-commit']);
    expect((await statusesUntilEnd(caller, orders[0]!.orderId)).pop()).toBe('COMPLETE');
    expect(caller.running.sandbox.faults().injected.errorAfterCommit).toBe(1);
  });

  test('early: the terminal notification arrives before the create call is answered', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(receiver.url);
    caller.running.sandbox.setFaults({ notifications: { earlyRate: 1 } });
    const answer = await caller.post('importTnOrders', orderRequest(['3032281000'], 'early-bird'));
    const receivedBeforeAnswer = receiver.received.map((request) => request.notification);
    expect(answer.status).toBe(201);
    const orderId = answer.xml.ImportTnOrderResponse.ImportTnOrder.OrderId;
    expect(receivedBeforeAnswer).toEqual([expect.objectContaining({ OrderId: orderId, Status: 'COMPLETE' })]);
    expect(caller.running.sandbox.notifications()).toEqual([
      expect.objectContaining({ orderId, fault: 'early', delivered: true }),
    ]);
    expect(await caller.orderStatus(orderId)).toBe('COMPLETE');
  });

  test('duplicate and reordered notifications: terminal twice, then a stale PROCESSING', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(receiver.url);
    caller.running.sandbox.setFaults({ notifications: { duplicateRate: 1, reorderRate: 1 } });
    const orderId = await caller.createOrder(['3032281000']);
    await waitFor(() => receiver.received.length === 3, 'three notifications');
    expect(receiver.received.map((request) => [request.notification.OrderId, request.notification.Status])).toEqual([
      [orderId, 'COMPLETE'],
      [orderId, 'COMPLETE'],
      [orderId, 'PROCESSING'],
    ]);
    expect(caller.running.sandbox.faults().injected).toMatchObject({ duplicated: 1, reordered: 1 });
  });

  test('a dropped notification is recorded but never sent', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(receiver.url);
    caller.running.sandbox.setFaults({ notifications: { dropRate: 1 } });
    const dropped = await caller.createOrder(['3032281000']);
    await waitFor(
      () => caller.running.sandbox.notifications().some((entry) => entry.orderId === dropped),
      'the drop to be recorded',
    );
    caller.running.sandbox.clearFaults();
    const later = await caller.createOrder(['3032280004']);
    await waitFor(() => receiver.received.length > 0, 'the later notification');
    expect(receiver.received.map((request) => request.notification.OrderId)).toEqual([later]);
    expect(caller.running.sandbox.notifications().find((entry) => entry.orderId === dropped)).toMatchObject({
      fault: 'dropped',
      attempts: [],
      delivered: false,
    });
    expect(caller.running.sandbox.faults().injected.dropped).toBe(1);
  });

  test('slow processing still ends the order, and is counted', async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    caller.running.sandbox.setFaults({ orderProcessing: { stepDelayMs: 10, slowRate: 1, slowMs: 50 } });
    const orderId = await caller.createOrder(['3032281000']);
    expect((await statusesUntilEnd(caller, orderId)).pop()).toBe('COMPLETE');
    expect(caller.running.sandbox.faults().injected.slowed).toBe(1);
  });

  test('an invalid configuration is refused, over HTTP and in code', async () => {
    const caller = await fixture.start();
    const answer = await putFaults(caller, { endpoints: { nowhere: { errorRate: 2 } } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('INVALID_FAULT_CONFIG');
    expect(Array.isArray(answer.body.issues)).toBe(true);
    expect(() => caller.running.sandbox.setFaults({ notifications: { dropRate: 1.5 } })).toThrow(FaultConfigError);
    expect((await putFaults(caller, { unknown: true })).status).toBe(400);
  });
});
