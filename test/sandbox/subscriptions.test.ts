import { behaviours, sandboxFixture, waitFor, type BandwidthCaller } from './helpers.js';
import { subscriptionRequest } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const callback = (inner: string, credentials = '') =>
  `<CallbackSubscription><URL>http://127.0.0.1:3000/x</URL><Expiry>3153600000</Expiry>${credentials}${inner}</CallbackSubscription>`;
const eventRequest = (url: string, numberFormat?: string) =>
  `<Subscription><EventType>MESSAGING_LOST</EventType><CallbackSubscription><URL>${url}</URL><Expiry>3153600000</Expiry>${
    numberFormat ? `<NumberFormat>${numberFormat}</NumberFormat>` : ''
  }</CallbackSubscription></Subscription>`;

async function listed(caller: BandwidthCaller, path = 'subscriptions') {
  return (await caller.get(path)).xml.SubscriptionsResponse.Subscriptions.Subscription as Array<
    Record<string, unknown> & { SubscriptionId: string; CallbackSubscription: Record<string, unknown> }
  >;
}

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
          // subscriptions.mdx: READY until a callback has been placed.
          Status: 'READY',
          CallbackCredentials: { BasicAuthentication: { Username: 'User15' } },
        },
      },
    ]);
    expect(one.text).not.toContain('Hunter15');

    expect(await listed(caller)).toHaveLength(2);
    const imports = await listed(caller, 'subscriptions?orderType=importtnorders');
    expect(imports.map((entry) => entry.SubscriptionId)).toEqual([id]);

    const replaced = await caller.call('PUT', `subscriptions/${id}`, {
      body: subscriptionRequest('http://127.0.0.1:3001/new'),
    });
    expect(replaced.status).toBe(200);
    const after = (await listed(caller, `subscriptions/${id}`))[0]!;
    expect(after.CallbackSubscription.URL).toBe('http://127.0.0.1:3001/new');
    expect(after.CallbackSubscription.CallbackCredentials).toBeUndefined();

    expect((await caller.call('DELETE', `subscriptions/${id}`)).status).toBe(200);
    const gone = await caller.get(`subscriptions/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.xml.SubscriptionsResponse.ResponseStatus).toEqual({ Description: 'The resource does not exist' });
    expect((await caller.call('DELETE', `subscriptions/${id}`)).status).toBe(404);
  });

  test('Expiry defaults to one day', async () => {
    const caller = await fixture.start();
    const created = await caller.post(
      'subscriptions',
      '<Subscription><OrderType>importtnorders</OrderType><CallbackSubscription><URL>http://127.0.0.1:3000/x</URL></CallbackSubscription></Subscription>',
    );
    const id = created.headers.get('location')!.split('/').pop()!;
    const expiry = Number((await listed(caller, `subscriptions/${id}`))[0]!.CallbackSubscription.Expiry);
    expect(expiry).toBeGreaterThan(86_390);
    expect(expiry).toBeLessThanOrEqual(86_400);
  });

  test.each([
    ['neither OrderType nor EventType', `<Subscription>${callback('')}</Subscription>`, '14508'],
    [
      'both OrderType and EventType',
      `<Subscription><OrderType>importtnorders</OrderType><EventType>MESSAGING_LOST</EventType>${callback('')}</Subscription>`,
      '14508',
    ],
    [
      'an order type Bandwidth does not have',
      `<Subscription><OrderType>pizzas</OrderType>${callback('')}</Subscription>`,
      '5087',
    ],
    [
      'an event type Bandwidth does not have',
      `<Subscription><EventType>NUMBER_STOLEN</EventType>${callback('')}</Subscription>`,
      '1008',
    ],
    ['no callback', '<Subscription><OrderType>importtnorders</OrderType></Subscription>', '1003'],
    ['a URL that is not http', subscriptionRequest('ftp://example.test/x'), '14506'],
    ['a URL that is no URL', subscriptionRequest('not a url'), '14506'],
    [
      'an Expiry that is no number of seconds',
      subscriptionRequest('http://x.test/').replace('3153600000', 'forever'),
      '1002',
    ],
    [
      'a username without password',
      `<Subscription><OrderType>importtnorders</OrderType>${callback('', '<CallbackCredentials><BasicAuthentication><Username>u</Username></BasicAuthentication></CallbackCredentials>')}</Subscription>`,
      '14505',
    ],
    [
      'a NumberFormat that is neither LEGACY nor E164',
      `<Subscription><OrderType>importtnorders</OrderType>${callback('<NumberFormat>10digit</NumberFormat>')}</Subscription>`,
      '1008',
    ],
  ])('%s is a failed validation: 404 with %s under SubscriptionsResponse/ResponseStatus', async (_name, body, code) => {
    const caller = await fixture.start();
    const answer = await caller.post('subscriptions', body);
    expect(answer.status).toBe(404);
    expect(answer.xml.SubscriptionsResponse.ResponseStatus).toEqual({
      ErrorCode: code,
      Description: expect.any(String),
    });
    expect((await caller.get('subscriptions')).xml.SubscriptionsResponse.Subscriptions).toBe('');
  });

  test('a replacement that fails validation is a 400 (its 404 means the subscription is unknown)', async () => {
    const caller = await fixture.start();
    const id = await caller.subscribe('http://127.0.0.1:3000/x');
    const answer = await caller.call('PUT', `subscriptions/${id}`, { body: subscriptionRequest('ftp://x.test/') });
    expect(answer.status).toBe(400);
    expect(answer.xml.SubscriptionsResponse.ResponseStatus.ErrorCode).toBe('14506');
    const unknown = await caller.call('PUT', 'subscriptions/7f2a37a4-5d3b-4c49-8d0b-1f3ee6a7a111', {
      body: subscriptionRequest('http://x.test/'),
    });
    expect(unknown.status).toBe(404);
  });

  test('the same target and URL again is a 409 with 16008; another URL or order type is not a duplicate', async () => {
    const caller = await fixture.start();
    const first = await caller.subscribe('http://127.0.0.1:3000/x');
    const again = await caller.post('subscriptions', subscriptionRequest('http://127.0.0.1:3000/x'));
    expect(again.status).toBe(409);
    expect(again.xml.SubscriptionsResponse.ResponseStatus).toEqual({
      ErrorCode: '16008',
      Description: expect.stringMatching(/already exists/),
    });
    // Order types match case-insensitively, as the SDKs spell them either way.
    const upper = await caller.post(
      'subscriptions',
      subscriptionRequest('http://127.0.0.1:3000/x', undefined, 'ImportTnOrders'),
    );
    expect(upper.status).toBe(409);
    const other = await caller.subscribe('http://127.0.0.1:3000/y');
    await caller.subscribe('http://127.0.0.1:3000/x', undefined, 'tnoptions');
    // A replacement that would make a duplicate is refused too; replacing with itself is not.
    const clash = await caller.call('PUT', `subscriptions/${other}`, {
      body: subscriptionRequest('http://127.0.0.1:3000/x'),
    });
    expect(clash.status).toBe(409);
    const same = await caller.call('PUT', `subscriptions/${first}`, {
      body: subscriptionRequest('http://127.0.0.1:3000/x'),
    });
    expect(same.status).toBe(200);
    expect(await listed(caller)).toHaveLength(3);
  });

  test('past the global subscriptions allowed per order type, a create is refused with 16006', async () => {
    const caller = await fixture.start({ maxSubscriptionsPerType: 2 });
    await caller.subscribe('http://127.0.0.1:3000/a');
    await caller.subscribe('http://127.0.0.1:3000/b');
    const third = await caller.post('subscriptions', subscriptionRequest('http://127.0.0.1:3000/c'));
    expect(third.status).toBe(409);
    expect(third.xml.SubscriptionsResponse.ResponseStatus).toEqual({
      ErrorCode: '16006',
      Description: 'Only 2 global subscriptions are permitted for any supported order-type',
    });
    // The limit is per order type, and a subscription to one order is not a global one.
    await caller.subscribe('http://127.0.0.1:3000/c', undefined, 'removeImportedTnOrders');
    const oneOrder = subscriptionRequest('http://127.0.0.1:3000/d').replace(
      '</OrderType>',
      '</OrderType><OrderId>b05de7e6-0cab-4c83-81bb-9379cba8efd0</OrderId>',
    );
    expect((await caller.post('subscriptions', oneOrder)).status).toBe(201);
  });

  test('an EventType subscription is listed with its EventType and can be filtered by it', async () => {
    const caller = await fixture.start();
    const created = await caller.post('subscriptions', eventRequest('http://127.0.0.1:3000/lost'));
    expect(created.status).toBe(201);
    const id = created.headers.get('location')!.split('/').pop()!;
    await caller.subscribe('http://127.0.0.1:3000/orders');
    expect(await listed(caller, 'subscriptions?eventType=MESSAGING_LOST')).toEqual([
      {
        SubscriptionId: id,
        EventType: 'MESSAGING_LOST',
        CallbackSubscription: { URL: 'http://127.0.0.1:3000/lost', Expiry: expect.any(String), Status: 'READY' },
      },
    ]);
  });

  test('NumberFormat: LEGACY by default on v1 (not shown), E164 shown when asked for; E164 by default on v2', async () => {
    const caller = await fixture.start();
    await caller.post('subscriptions', eventRequest('http://127.0.0.1:3000/legacy'));
    await caller.post('subscriptions', eventRequest('http://127.0.0.1:3000/e164', 'e164'));
    const v1 = await listed(caller);
    expect(v1.map((entry) => entry.CallbackSubscription.NumberFormat)).toEqual([undefined, 'E164']);
    const v2 = (await caller.get(`${caller.running.v2BaseUrl}/accounts/${caller.running.accountId}/subscriptions`)).xml
      .SubscriptionsResponse.Subscriptions.Subscription as Array<{ CallbackSubscription: Record<string, string> }>;
    expect(v2.map((entry) => entry.CallbackSubscription.NumberFormat)).toEqual(['LEGACY', 'E164']);
    // numbers_v2.yml writes NumberFormat right after the credentials.
    const onV2 = await caller.post(
      `${caller.running.v2BaseUrl}/accounts/${caller.running.accountId}/subscriptions`,
      eventRequest('http://127.0.0.1:3000/v2'),
    );
    expect(onV2.status).toBe(201);
    const made = (await listed(caller)).find((entry) => entry.CallbackSubscription.URL === 'http://127.0.0.1:3000/v2');
    expect(made?.CallbackSubscription.NumberFormat).toBe('E164');
  });

  test("<Status> tells how the latest callback went: READY, then '200 OK', then the failure with its answer", async () => {
    let fail = false;
    const receiver = await fixture.callbackServer(() => (fail ? { status: 503 } : { status: 200 }));
    const caller = await fixture.start();
    const id = await caller.subscribe(receiver.url);
    const status = async () => (await listed(caller, `subscriptions/${id}`))[0]!.CallbackSubscription.Status;
    expect(await status()).toBe('READY');
    await caller.createOrder(['3032281000'], 'status-1');
    await waitFor(async () => (await status()) === '200 OK', 'the first callback to be reported');
    fail = true;
    await caller.createOrder(['3032281001'], 'status-2');
    expect(await waitFor(async () => (await status()) !== '200 OK' && status(), 'the failure to be reported')).toBe(
      '503 Service Unavailable',
    );
  });

  test('a callback that cannot connect shows why in <Status>', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    await receiver.close();
    const caller = await fixture.start();
    const id = await caller.subscribe(receiver.url);
    await caller.createOrder(['3032281000']);
    const status = await waitFor(async () => {
      const value = (await listed(caller, `subscriptions/${id}`))[0]!.CallbackSubscription.Status;
      return value !== 'READY' && value;
    }, 'the failed callback to be reported');
    expect(status).toBe('Callback failed: ECONNREFUSED');
  });
});
