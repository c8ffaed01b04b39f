import { sandboxFixture } from './helpers.js';
import { subscriptionRequest } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

describe('subscriptions', () => {
  test('create, read, list by order type, replace and delete; the password is never shown', async () => {
    const caller = await fixture.start();
    const created = await caller.post(
      'subscriptions',
      subscriptionRequest('http://127.0.0.1:3000/webhooks/bandwidth/orders', {
        username: 'User15',
        password: 'Hunter15',
      }),
    );
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    const location = created.headers.get('location')!;
    expect(location).toMatch(
      new RegExp(`^${caller.running.apiBaseUrl}/accounts/${caller.running.accountId}/subscriptions/[0-9a-f-]{36}$`),
    );
    const id = location.split('/').pop()!;
    await caller.subscribe('http://127.0.0.1:3000/other', undefined, 'removeImportedTnOrders');

    const one = await caller.get(`subscriptions/${id}`);
    expect(one.status).toBe(200);
    expect(one.xml.SubscriptionsResponse.Subscriptions.Subscription).toEqual([
      {
        SubscriptionId: id,
        OrderType: 'importtnorders',
        CallbackSubscription: {
          URL: 'http://127.0.0.1:3000/webhooks/bandwidth/orders',
          Expiry: expect.stringMatching(/^(3153600000|31535999\d\d)$/),
          CallbackCredentials: { BasicAuthentication: { Username: 'User15' } },
        },
      },
    ]);
    expect(one.text).not.toContain('Hunter15');

    const all = (await caller.get('subscriptions')).xml.SubscriptionsResponse.Subscriptions.Subscription;
    expect(all).toHaveLength(2);
    const imports = (await caller.get('subscriptions?orderType=importtnorders')).xml.SubscriptionsResponse.Subscriptions
      .Subscription;
    expect(imports.map((entry: { SubscriptionId: string }) => entry.SubscriptionId)).toEqual([id]);

    const replaced = await caller.call('PUT', `subscriptions/${id}`, {
      body: subscriptionRequest('http://127.0.0.1:3001/new'),
    });
    expect(replaced.status).toBe(200);
    const after = (await caller.get(`subscriptions/${id}`)).xml.SubscriptionsResponse.Subscriptions.Subscription[0];
    expect(after.CallbackSubscription.URL).toBe('http://127.0.0.1:3001/new');
    expect(after.CallbackSubscription.CallbackCredentials).toBeUndefined();

    expect((await caller.call('DELETE', `subscriptions/${id}`)).status).toBe(200);
    expect((await caller.get(`subscriptions/${id}`)).status).toBe(404);
    expect((await caller.call('DELETE', `subscriptions/${id}`)).status).toBe(404);
  });

  test('Expiry defaults to one day', async () => {
    const caller = await fixture.start();
    const created = await caller.post(
      'subscriptions',
      '<Subscription><OrderType>importtnorders</OrderType><CallbackSubscription><URL>http://127.0.0.1:3000/x</URL></CallbackSubscription></Subscription>',
    );
    const id = created.headers.get('location')!.split('/').pop()!;
    const expiry = Number(
      (await caller.get(`subscriptions/${id}`)).xml.SubscriptionsResponse.Subscriptions.Subscription[0]
        .CallbackSubscription.Expiry,
    );
    expect(expiry).toBeGreaterThan(86_390);
    expect(expiry).toBeLessThanOrEqual(86_400);
  });

  test.each([
    [
      'no OrderType',
      '<Subscription><CallbackSubscription><URL>http://x.test/</URL></CallbackSubscription></Subscription>',
    ],
    ['no callback', '<Subscription><OrderType>importtnorders</OrderType></Subscription>'],
    ['a URL that is not http', subscriptionRequest('ftp://example.test/x')],
    [
      'a username without password',
      '<Subscription><OrderType>importtnorders</OrderType><CallbackSubscription><URL>http://x.test/</URL><CallbackCredentials><BasicAuthentication><Username>u</Username></BasicAuthentication></CallbackCredentials></CallbackSubscription></Subscription>',
    ],
  ])('%s is refused with 400', async (_name, body) => {
    const caller = await fixture.start();
    const answer = await caller.post('subscriptions', body);
    expect(answer.status).toBe(400);
    expect(answer.xml.SubscriptionResponse.ResponseStatus.Description.length).toBeGreaterThan(0);
    expect((await caller.get('subscriptions')).xml.SubscriptionsResponse.Subscriptions).toBe('');
  });
});
