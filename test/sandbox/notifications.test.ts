import { behaviours, sandboxFixture, waitFor } from './helpers.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const webhookCredentials = { username: 'bandwidth-callbacks', password: 'hunter15' };

describe('order notifications', () => {
  test('Bandwidth sends without credentials first, then again with them after a Basic challenge', async () => {
    const receiver = await fixture.callbackServer(behaviours.challengeThenAccept(webhookCredentials));
    const caller = await fixture.start();
    const subscriptionId = await caller.subscribe(receiver.url, webhookCredentials);
    const orderId = await caller.createOrder(['3032281000'], 'notify-me');

    const delivery = await waitFor(
      () => caller.running.sandbox.notifications().find((entry) => entry.orderId === orderId && entry.delivered),
      'the notification to be delivered',
    );
    expect(delivery).toEqual({
      orderId,
      subscriptionId,
      url: receiver.url,
      status: 'COMPLETE',
      attempts: [
        { withCredentials: false, httpStatus: 401 },
        { withCredentials: true, httpStatus: 200 },
      ],
      delivered: true,
    });
    expect(receiver.received.map((request) => request.authorization)).toEqual([
      undefined,
      `Basic ${Buffer.from('bandwidth-callbacks:hunter15').toString('base64')}`,
    ]);
    const [request] = receiver.received;
    expect(request?.contentType).toBe('application/xml; charset=utf-8');
    expect(request?.body.startsWith('<?xml version="1.0"?>')).toBe(true);
    expect(request?.notification).toEqual({
      SubscriptionId: subscriptionId,
      OrderType: 'importtnorders',
      OrderId: orderId,
      CustomerOrderId: 'notify-me',
      Status: 'COMPLETE',
      Message: expect.any(String),
      Note: '',
      LastModifiedDate: expect.any(String),
    });
    expect(await caller.inspect('notifications')).toEqual(caller.running.sandbox.notifications());
  });

  test('a receiver that answers 401 without a challenge gets exactly one attempt', async () => {
    const receiver = await fixture.callbackServer(behaviours.unauthorizedWithoutChallenge());
    const marker = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(receiver.url, webhookCredentials);
    const orderId = await caller.createOrder(['3032281000']);
    const delivery = await waitFor(
      () =>
        caller.running.sandbox.notifications().find((entry) => entry.orderId === orderId && entry.attempts.length > 0),
      'the first attempt',
    );
    // A later order delivered to another receiver proves the sandbox had every chance to try again.
    await caller.subscribe(marker.url);
    const later = await caller.createOrder(['3032280004']);
    await waitFor(
      () => marker.received.some((request) => request.notification.OrderId === later),
      'the later notification',
    );

    expect(caller.running.sandbox.notifications().filter((entry) => entry.orderId === orderId)).toEqual([
      { ...delivery, attempts: [{ withCredentials: false, httpStatus: 401 }], delivered: false },
    ]);
    expect(receiver.received.filter((request) => request.notification.OrderId === orderId)).toHaveLength(1);
  });

  test('wrong credentials: challenged twice, not delivered, never retried', async () => {
    const receiver = await fixture.callbackServer(behaviours.challengeThenAccept(webhookCredentials));
    const marker = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(receiver.url, { username: 'bandwidth-callbacks', password: 'wrong' });
    const orderId = await caller.createOrder(['3032281000']);
    await waitFor(
      () =>
        caller.running.sandbox
          .notifications()
          .find((entry) => entry.orderId === orderId && entry.attempts.length === 2),
      'the second attempt',
    );
    await caller.subscribe(marker.url);
    const later = await caller.createOrder(['3032280004']);
    await waitFor(
      () => marker.received.some((request) => request.notification.OrderId === later),
      'the later notification',
    );

    const deliveries = caller.running.sandbox.notifications().filter((entry) => entry.orderId === orderId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      delivered: false,
      attempts: [
        { withCredentials: false, httpStatus: 401 },
        { withCredentials: true, httpStatus: 401 },
      ],
    });
    expect(receiver.received.filter((request) => request.notification.OrderId === orderId)).toHaveLength(2);
  });

  test('a receiver failing with 500 is not retried, and a receiver that accepts without auth gets one call', async () => {
    const failing = await fixture.callbackServer(behaviours.failing(500));
    const open = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(failing.url, webhookCredentials);
    await caller.subscribe(open.url, webhookCredentials);
    const orderId = await caller.createOrder(['3032289999'], null);
    await waitFor(() => open.received.length === 1 && failing.received.length === 1, 'both receivers to be called');
    const deliveries = await waitFor(() => {
      const found = caller.running.sandbox.notifications().filter((entry) => entry.orderId === orderId);
      return found.every((entry) => entry.attempts.length > 0) && found.length === 2 && found;
    }, 'both deliveries recorded');
    const byUrl = Object.fromEntries(deliveries.map((entry) => [entry.url, entry]));
    expect(byUrl[failing.url]).toMatchObject({
      status: 'FAILED',
      delivered: false,
      attempts: [{ withCredentials: false, httpStatus: 500 }],
    });
    expect(byUrl[open.url]).toMatchObject({
      status: 'FAILED',
      delivered: true,
      attempts: [{ withCredentials: false, httpStatus: 200 }],
    });
    expect(open.received[0]?.authorization).toBeUndefined();
  });

  test('an unreachable receiver is recorded with the error', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    await receiver.close();
    const caller = await fixture.start();
    await caller.subscribe(receiver.url);
    const orderId = await caller.createOrder(['3032281000']);
    const delivery = await waitFor(
      () =>
        caller.running.sandbox.notifications().find((entry) => entry.orderId === orderId && entry.attempts.length > 0),
      'the failed attempt',
    );
    expect(delivery.delivered).toBe(false);
    expect(delivery.attempts[0]?.error).toBe('ECONNREFUSED');
  });
});
