import { behaviours, sandboxFixture, statusesUntilEnd, waitFor, type BandwidthCaller } from './helpers.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const credentials = { username: 'bandwidth-events', password: 'hunter22' };

const eventSubscription = (url: string, extra = '') =>
  `<Subscription><EventType>MESSAGING_LOST</EventType><CallbackSubscription><URL>${url}</URL><Expiry>3153600000</Expiry><CallbackCredentials><BasicAuthentication><Username>${credentials.username}</Username><Password>${credentials.password}</Password></BasicAuthentication></CallbackCredentials>${extra}</CallbackSubscription></Subscription>`;

async function subscribeToLost(caller: BandwidthCaller, url: string, extra = ''): Promise<string> {
  const answer = await caller.post('subscriptions', eventSubscription(url, extra));
  expect(answer.status).toBe(201);
  return answer.headers.get('location')!.split('/').pop()!;
}

async function hostedNumber(caller: BandwidthCaller, tn: string): Promise<void> {
  const orderId = await caller.createOrder([tn], null);
  expect((await statusesUntilEnd(caller, orderId)).pop()).toBe('COMPLETE');
}

function lose(caller: BandwidthCaller, tn: string) {
  return fetch(`${caller.running.url}/_sandbox/numbers/${encodeURIComponent(tn)}/lose`, { method: 'POST' });
}

describe('MESSAGING_LOST', () => {
  test('losing a hosted number sends the event with the Basic challenge flow, and the number stops being hosted', async () => {
    const receiver = await fixture.callbackServer(behaviours.challengeThenAccept(credentials));
    const orders = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    const subscriptionId = await subscribeToLost(caller, receiver.url);
    await caller.subscribe(orders.url);
    await hostedNumber(caller, '3032281000');
    expect((await caller.get('inserviceNumbers/3032281000')).status).toBe(200);

    const answer = await lose(caller, '3032281000');
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({
      lost: true,
      telephoneNumber: '3032281000',
      eventType: 'MESSAGING_LOST',
      subscriptions: 1,
    });
    const delivery = await waitFor(
      () => caller.running.sandbox.notifications().find((entry) => entry.eventType && entry.delivered),
      'the event to be delivered',
    );
    expect(delivery).toEqual({
      eventType: 'MESSAGING_LOST',
      telephoneNumbers: ['3032281000'],
      subscriptionId,
      url: receiver.url,
      attempts: [
        { withCredentials: false, httpStatus: 401 },
        { withCredentials: true, httpStatus: 200 },
      ],
      delivered: true,
    });
    expect(receiver.received.map((request) => request.authorization)).toEqual([
      undefined,
      `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
    ]);
    // eventWebhook.md's shape; no order subscription hears of it.
    expect(receiver.received[1]?.body.startsWith('<?xml version="1.0"?>')).toBe(true);
    expect(receiver.received[1]?.notification).toEqual({
      SubscriptionId: subscriptionId,
      EventType: 'MESSAGING_LOST',
      ImpactedTelephoneNumbers: { TelephoneNumber: ['3032281000'] },
    });
    await waitFor(() => orders.received.length === 1, "the order's own notification");
    expect(orders.received.map((request) => request.notification.EventType)).toEqual([undefined]);
    expect(await caller.inspect('notifications')).toEqual(caller.running.sandbox.notifications());

    expect((await caller.get('inserviceNumbers/3032281000')).status).toBe(404);
    // Gone from the account: losing it again is a 404.
    expect((await lose(caller, '3032281000')).status).toBe(404);
  });

  test('a receiver that answers 401 without a challenge gets one attempt, never retried', async () => {
    const receiver = await fixture.callbackServer(behaviours.unauthorizedWithoutChallenge());
    const caller = await fixture.start();
    await subscribeToLost(caller, receiver.url);
    await hostedNumber(caller, '3032281000');
    await hostedNumber(caller, '3032281001');
    await lose(caller, '3032281000');
    await lose(caller, '3032281001');
    await waitFor(
      () => caller.running.sandbox.notifications().filter((entry) => entry.attempts.length > 0).length === 2,
      'both events to be tried',
    );
    expect(caller.running.sandbox.notifications().map((entry) => [entry.telephoneNumbers, entry.attempts])).toEqual([
      [['3032281000'], [{ withCredentials: false, httpStatus: 401 }]],
      [['3032281001'], [{ withCredentials: false, httpStatus: 401 }]],
    ]);
    expect(receiver.received).toHaveLength(2);
  });

  test('the number may be named in E.164, and an E164 subscription hears it in E.164', async () => {
    const legacy = await fixture.callbackServer(behaviours.challengeThenAccept(credentials));
    const e164 = await fixture.callbackServer(behaviours.challengeThenAccept(credentials));
    const caller = await fixture.start();
    await subscribeToLost(caller, legacy.url);
    await subscribeToLost(caller, e164.url, '<NumberFormat>E164</NumberFormat>');
    await hostedNumber(caller, '3032281000');
    expect((await lose(caller, '+13032281000')).status).toBe(202);
    await waitFor(() => legacy.received.length === 2 && e164.received.length === 2, 'both receivers to be called');
    expect(legacy.received[1]?.notification.ImpactedTelephoneNumbers).toEqual({ TelephoneNumber: ['3032281000'] });
    expect(e164.received[1]?.notification.ImpactedTelephoneNumbers).toEqual({ TelephoneNumber: ['+13032281000'] });
  });

  test("a switch names the numbers in the RAML's CompletedTelephoneNumbers instead", async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    const subscriptionId = await subscribeToLost(caller, receiver.url);
    await hostedNumber(caller, '3032281000');
    caller.running.sandbox.setFaults({ notifications: { messagingLostList: 'CompletedTelephoneNumbers' } });
    await lose(caller, '3032281000');
    const [request] = await waitFor(() => receiver.received.length > 0 && receiver.received, 'the event');
    expect(request!.notification).toEqual({
      SubscriptionId: subscriptionId,
      EventType: 'MESSAGING_LOST',
      CompletedTelephoneNumbers: { TelephoneNumber: ['3032281000'] },
    });
  });

  test('a number that is not hosted, or no number at all, is a 404 and sends nothing', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await subscribeToLost(caller, receiver.url);
    const failed = await caller.createOrder(['3032289999'], null);
    await statusesUntilEnd(caller, failed);
    for (const tn of ['3032281000', '3032289999', 'not-a-number', '12345']) {
      const answer = await lose(caller, tn);
      expect(answer.status).toBe(404);
      expect(await answer.json()).toEqual({ error: 'not_found', message: expect.any(String) });
    }
    expect(caller.running.sandbox.notifications().filter((entry) => entry.eventType)).toEqual([]);
  });
});
