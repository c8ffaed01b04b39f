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

describe('notifications beyond a status change', () => {
  test('a note added to an order sends a note-only notification (a <Note>, no <Status>) and shows in the history', async () => {
    const receiver = await fixture.callbackServer(behaviours.challengeThenAccept(webhookCredentials));
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    const subscriptionId = await caller.subscribe(receiver.url, webhookCredentials);
    const orderId = await caller.createOrder(['3032281000'], 'noted');
    const answer = await fetch(`${caller.running.url}/_sandbox/orders/${orderId}/notes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'LOA received, thank you.' }),
    });
    expect(answer.status).toBe(202);
    const delivery = await waitFor(
      () => caller.running.sandbox.notifications().find((entry) => entry.note && entry.delivered),
      'the note to be delivered',
    );
    expect(delivery).toEqual({
      orderId,
      subscriptionId,
      url: receiver.url,
      note: 'LOA received, thank you.',
      attempts: [
        { withCredentials: false, httpStatus: 401 },
        { withCredentials: true, httpStatus: 200 },
      ],
      delivered: true,
    });
    expect(receiver.received[1]?.notification).toEqual({
      SubscriptionId: subscriptionId,
      OrderType: 'importtnorders',
      OrderId: orderId,
      CustomerOrderId: 'noted',
      Note: 'LOA received, thank you.',
      LastModifiedDate: expect.any(String),
    });
    const history = (await caller.get(`importTnOrders/${orderId}/history`)).xml.OrderHistoryWrapper.OrderHistory;
    expect(history.map((entry: { Note: string; Status: string }) => [entry.Status, entry.Note])).toEqual([
      ['received', expect.any(String)],
      ['received', 'LOA received, thank you.'],
    ]);
  });

  test('a note for an unknown order is a 404, an empty one a 400', async () => {
    const caller = await fixture.start();
    const post = (orderId: string, body: unknown) =>
      fetch(`${caller.running.url}/_sandbox/orders/${orderId}/notes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('b05de7e6-0cab-4c83-81bb-9379cba8efd0', { note: 'x' })).status).toBe(404);
    const orderId = await caller.createOrder(['3032281000']);
    expect((await post(orderId, { note: '' })).status).toBe(400);
  });

  test('faults add a PROCESSING and a note-only notification as the order starts processing, both before the end', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start({ stepDelayMs: 30 });
    await caller.subscribe(receiver.url);
    caller.running.sandbox.setFaults({ notifications: { processingRate: 1, noteRate: 1 } });
    const orderId = await caller.createOrder(['3032281000', '3032289999']);
    await waitFor(() => receiver.received.length === 3, 'three notifications');
    expect(receiver.received.map((request) => [request.notification.Status, request.notification.Note])).toEqual([
      ['PROCESSING', ''],
      [undefined, expect.stringContaining(orderId)],
      ['PARTIAL', expect.stringContaining('7518')],
    ]);
    expect(receiver.received.every((request) => request.notification.OrderId === orderId)).toBe(true);
    expect(caller.running.sandbox.faults().injected).toMatchObject({ processing: 1, notes: 1 });
  });

  test('removals and TN option orders notify their own order types', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(receiver.url, undefined, 'removeImportedTnOrders');
    await caller.subscribe(receiver.url, undefined, 'tnoptions');
    const imported = await caller.createOrder(['3032281000']);
    await waitFor(async () => (await caller.orderStatus(imported)) === 'COMPLETE', 'the import');
    const tnOption = await caller.post(
      'tnoptions',
      '<TnOptionOrder><TnOptionGroups><TnOptionGroup><Sms>on</Sms><TelephoneNumbers><TelephoneNumber>3032281000</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>',
    );
    expect(tnOption.status).toBe(201);
    await waitFor(() => receiver.received.length === 1, 'the TN option notification');
    await caller.post(
      'removeImportedTnOrders',
      '<RemoveImportedTnOrder><TelephoneNumbers><TelephoneNumber>3032281000</TelephoneNumber></TelephoneNumbers></RemoveImportedTnOrder>',
    );
    await waitFor(() => receiver.received.length === 2, 'the removal notification');
    expect(receiver.received.map((request) => [request.notification.OrderType, request.notification.Status])).toEqual([
      ['tnoptions', 'COMPLETE'],
      ['removeImportedTnOrders', 'COMPLETE'],
    ]);
  });
});
