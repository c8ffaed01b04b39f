import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { BandwidthError } from '../../bandwidth/index.js';
import { XML_HEADERS, fixture, rejectionOf, startFakeBandwidth, type FakeBandwidth } from './bandwidth-test-kit.js';
import type { ReceivedRequest } from './recording-server.js';

let bandwidth: FakeBandwidth;
const URL = 'https://hostflow.example.com/webhooks/bandwidth/orders';
const OURS = '5a7ee4f0-1f1c-4f3c-8a3e-7c5e1a0b2c11';
const CREDENTIALS = { username: 'bandwidth-callback', password: 'cb-pa55&<word>' };
const NEW_ID = '77f0e1d2-c3b4-4a59-8687-98a9b0c1d2e3';

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
});
afterAll(async () => {
  await bandwidth.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
  bandwidth.onAccount('POST', '/subscriptions', {
    status: 201,
    headers: { location: `https://dashboard.bandwidth.com/api/accounts/9900012/subscriptions/${NEW_ID}` },
  });
  bandwidth.onAccount('PUT', `/subscriptions/${OURS}`, { status: 200 });
});

const calls = () =>
  bandwidth.requests.map(
    (request: ReceivedRequest) => `${request.method} ${request.path.replace(bandwidth.accountPath(''), '')}`,
  );

describe('subscriptions', () => {
  test('createSubscription sends the subscription XML and takes the id from Location', async () => {
    const result = await bandwidth.client().createSubscription({
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: NEW_ID });
    expect(bandwidth.requests[0]?.text).toBe(fixture('subscription-request.xml'));
    expect(bandwidth.requests[0]?.headers['content-type']).toBe('application/xml; charset=utf-8');
  });

  test('createSubscription leaves out expiry and credentials when not given', async () => {
    await bandwidth.client().createSubscription({ orderType: 'importtnorders', url: URL });

    expect(bandwidth.requests[0]?.text).toBe(fixture('subscription-request-minimal.xml'));
  });

  test('listSubscriptions reads URL, expiry and whether credentials are set', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml'),
    });

    const list = await bandwidth.client().listSubscriptions('importtnorders');

    expect(list).toEqual([
      {
        subscriptionId: OURS,
        orderType: 'importtnorders',
        url: URL,
        expiry: 3_153_600_000,
        hasCredentials: true,
        status: '200 OK',
      },
      {
        subscriptionId: '0c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5',
        orderType: 'importtnorders',
        url: 'https://other-service.example.com/callbacks',
        expiry: 86_400,
        hasCredentials: false,
      },
    ]);
    expect(bandwidth.requests[0]?.query.get('orderType')).toBe('importtnorders');
  });

  test('listSubscriptions reads one subscription as a list and none as empty', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-single-without-credentials.xml'),
    });
    await expect(bandwidth.client().listSubscriptions()).resolves.toHaveLength(1);
    expect(bandwidth.requests[0]?.query.has('orderType')).toBe(false);

    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-empty.xml'),
    });
    await expect(bandwidth.client().listSubscriptions()).resolves.toEqual([]);
  });

  test('updateSubscription PUTs the full subscription; deleteSubscription DELETEs it', async () => {
    bandwidth.onAccount('DELETE', `/subscriptions/${OURS}`, { status: 200 });

    await bandwidth.client().updateSubscription(OURS, {
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });
    await bandwidth.client().deleteSubscription(OURS);

    expect(calls()).toEqual([`PUT /subscriptions/${OURS}`, `DELETE /subscriptions/${OURS}`]);
    expect(bandwidth.requests[0]?.text).toBe(fixture('subscription-request.xml'));
  });
});

describe('ensureSubscription', () => {
  test('creates one when none calls our URL', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-empty.xml'),
    });

    const result = await bandwidth.client().ensureSubscription({
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: NEW_ID, action: 'created' });
    expect(calls()).toEqual(['GET /subscriptions', 'POST /subscriptions']);
    expect(bandwidth.requests[1]?.text).toBe(fixture('subscription-request.xml'));
  });

  test('leaves ours alone when expiry matches and credentials are set', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml'),
    });

    const result = await bandwidth.client().ensureSubscription({
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: OURS, action: 'unchanged' });
    expect(calls()).toEqual(['GET /subscriptions']);
  });

  test('an expiry reported as seconds remaining, slightly below the wanted one, counts as unchanged', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml').replace('<Expiry>3153600000</Expiry>', '<Expiry>3153599412</Expiry>'),
    });

    const result = await bandwidth.client().ensureSubscription({
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: OURS, action: 'unchanged' });
    expect(calls()).toEqual(['GET /subscriptions']);
  });

  test('updates ours when its expiry differs, without creating another', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml'),
    });

    const result = await bandwidth.client().ensureSubscription({
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 86_400 * 365,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: OURS, action: 'updated' });
    expect(calls()).toEqual(['GET /subscriptions', `PUT /subscriptions/${OURS}`]);
    expect(bandwidth.requests[1]?.text).toContain('<Expiry>31536000</Expiry>');
    expect(bandwidth.requests[1]?.text).toContain('<Password>cb-pa55&amp;&lt;word&gt;</Password>');
  });

  test('sends credentials when Bandwidth reports none, keeping the current expiry', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-single-without-credentials.xml'),
    });

    const result = await bandwidth
      .client()
      .ensureSubscription({ orderType: 'importtnorders', url: URL, credentials: CREDENTIALS });

    expect(result).toEqual({ subscriptionId: OURS, action: 'updated' });
    expect(bandwidth.requests[1]?.text).toContain('<Expiry>86400</Expiry>');
    expect(bandwidth.requests[1]?.text).toContain('<Username>bandwidth-callback</Username>');
  });

  test('re-sends credentials when forced, since the password is never echoed', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml'),
    });

    const result = await bandwidth.client().ensureSubscription({
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
      forceCredentials: true,
    });

    expect(result.action).toBe('updated');
    expect(bandwidth.requests[1]?.text).toBe(fixture('subscription-request.xml'));
  });

  test('removes credentials that are no longer wanted', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml'),
    });

    const result = await bandwidth
      .client()
      .ensureSubscription({ orderType: 'importtnorders', url: URL, expirySeconds: 3_153_600_000 });

    expect(result.action).toBe('updated');
    expect(bandwidth.requests[1]?.text).not.toContain('CallbackCredentials');
  });

  test('run twice against a stateful Bandwidth, it creates once and then finds it', async () => {
    const stored: string[] = [];
    bandwidth.onAccount('POST', '/subscriptions', (request) => {
      stored.push(request.text);
      return { status: 201, headers: { location: `/api/accounts/9900012/subscriptions/sub-${stored.length}` } };
    });
    bandwidth.onAccount('GET', '/subscriptions', () => ({
      status: 200,
      headers: XML_HEADERS,
      body: `<SubscriptionsResponse><Subscriptions>${stored
        .map(
          (xml, index) =>
            `<Subscription><SubscriptionId>sub-${index + 1}</SubscriptionId>${xml.replace(/<\/?Subscription>\n?/g, '').replace(/<Password>.*<\/Password>\n?/, '')}</Subscription>`,
        )
        .join('')}</Subscriptions></SubscriptionsResponse>`,
    }));
    const wanted = { orderType: 'importtnorders', url: URL, expirySeconds: 3_153_600_000, credentials: CREDENTIALS };

    const first = await bandwidth.client().ensureSubscription(wanted);
    const second = await bandwidth.client().ensureSubscription(wanted);

    expect(first).toEqual({ subscriptionId: 'sub-1', action: 'created' });
    expect(second).toEqual({ subscriptionId: 'sub-1', action: 'unchanged' });
    expect(stored).toHaveLength(1);
  });
});

describe('event subscriptions and what Bandwidth reports of a subscription', () => {
  test('a MESSAGING_LOST subscription names EventType, not OrderType', async () => {
    const result = await bandwidth.client().createSubscription({
      eventType: 'MESSAGING_LOST',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: NEW_ID });
    expect(bandwidth.requests[0]?.text).toBe(fixture('subscription-event-request.xml'));
  });

  test.each([
    ['neither', { url: URL }],
    ['both', { url: URL, orderType: 'importtnorders', eventType: 'MESSAGING_LOST' }],
  ])('%s of OrderType and EventType is refused before any call', async (_what, input) => {
    await expect(bandwidth.client().createSubscription(input)).rejects.toMatchObject({
      code: 'BANDWIDTH_INVALID_INPUT',
    });
    await expect(bandwidth.client().ensureSubscription(input)).rejects.toMatchObject({
      code: 'BANDWIDTH_INVALID_INPUT',
    });
    expect(bandwidth.requests).toHaveLength(0);
  });

  test('numberFormat: null leaves <NumberFormat> out', async () => {
    await bandwidth.client().createSubscription({ orderType: 'importtnorders', url: URL, numberFormat: null });

    expect(bandwidth.requests[0]?.text).not.toContain('NumberFormat');
  });

  test('listing by event type keeps only those, with their last callback status', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-with-event.xml'),
    });

    const events = await bandwidth.client().listSubscriptions({ eventType: 'MESSAGING_LOST' });
    const all = await bandwidth.client().listSubscriptions();

    expect(events).toEqual([
      {
        subscriptionId: '4025131f-a05f-4269-8ad6-f38efbf23cea',
        orderType: '',
        eventType: 'MESSAGING_LOST',
        url: URL,
        expiry: 3_153_599_586,
        status: 'READY',
        hasCredentials: true,
      },
    ]);
    expect(bandwidth.requests[0]?.query.has('orderType')).toBe(false);
    expect(all.map((subscription) => subscription.subscriptionId)).toHaveLength(3);
    expect(all[2]).toMatchObject({ orderType: 'orders', email: 'bwtest@gmail.com', hasCredentials: false });
  });

  test('getSubscription reads one subscription, its callback status and NumberFormat', async () => {
    bandwidth.onAccount('GET', '/subscriptions/991a60d7-a612-48a5-a86e-326b51997cac', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('v2-subscription-get.xml'),
    });

    await expect(bandwidth.client().getSubscription('991a60d7-a612-48a5-a86e-326b51997cac')).resolves.toEqual({
      subscriptionId: '991a60d7-a612-48a5-a86e-326b51997cac',
      orderType: 'importtnorders',
      url: 'http://customer.com:8087/path/BandwidthHandler',
      expiry: 4_283_455_101,
      status: '200 OK',
      numberFormat: 'E164',
      hasCredentials: false,
    });
  });

  test('URLs Bandwidth writes in quotes, as its own examples do, compare without them', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml').replace(`<URL>${URL}</URL>`, `<URL>"${URL}"</URL>`),
    });

    const result = await bandwidth.client().ensureSubscription({
      orderType: 'importtnorders',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: OURS, action: 'unchanged' });
  });
});

describe('ensureSubscription against everything Bandwidth answers', () => {
  const wanted = { orderType: 'importtnorders', url: URL, expirySeconds: 3_153_600_000, credentials: CREDENTIALS };

  /** The first list is empty (another process creates it meanwhile); later ones show it. */
  function existsOnlyAfterFirstList(body = fixture('subscription-list.xml')): void {
    let lists = 0;
    bandwidth.onAccount('GET', '/subscriptions', () => {
      lists += 1;
      return {
        status: 200,
        headers: XML_HEADERS,
        body: lists === 1 ? fixture('subscription-list-empty.xml') : body,
      };
    });
  }

  test('a 409 on create means it exists: found, checked, returned, nothing duplicated', async () => {
    existsOnlyAfterFirstList();
    bandwidth.onAccount('POST', '/subscriptions', {
      status: 409,
      headers: XML_HEADERS,
      body: fixture('subscription-error-duplicate.xml'),
    });

    const result = await bandwidth.client().ensureSubscription(wanted);

    expect(result).toEqual({ subscriptionId: OURS, action: 'found' });
    expect(calls()).toEqual(['GET /subscriptions', 'POST /subscriptions', 'GET /subscriptions']);
  });

  test('a 409 on create with credentials to re-send updates the one found', async () => {
    existsOnlyAfterFirstList();
    bandwidth.onAccount('POST', '/subscriptions', {
      status: 409,
      headers: XML_HEADERS,
      body: fixture('subscription-error-duplicate.xml'),
    });

    const result = await bandwidth.client().ensureSubscription({ ...wanted, forceCredentials: true });

    expect(result).toEqual({ subscriptionId: OURS, action: 'updated' });
    expect(calls()).toEqual([
      'GET /subscriptions',
      'POST /subscriptions',
      'GET /subscriptions',
      `PUT /subscriptions/${OURS}`,
    ]);
    expect(bandwidth.requests[3]?.text).toBe(fixture('subscription-request.xml'));
  });

  test('a 409 for a subscription that cannot be found is one typed refusal', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-empty.xml'),
    });
    bandwidth.onAccount('POST', '/subscriptions', {
      status: 409,
      headers: XML_HEADERS,
      body: fixture('subscription-error-duplicate.xml'),
    });

    const error = (await rejectionOf(bandwidth.client().ensureSubscription(wanted))) as BandwidthError;

    expect(error).toMatchObject({
      name: 'BandwidthError',
      code: 'BANDWIDTH_SUBSCRIPTION_REFUSED',
      reason: 'duplicate',
      status: 409,
      retryable: false,
      errors: [{ code: '16008' }],
    });
    expect(error.cause).toBeInstanceOf(BandwidthError);
    expect(calls()).toEqual(['GET /subscriptions', 'POST /subscriptions', 'GET /subscriptions', 'GET /subscriptions']);
  });

  test.each([
    [409, 'subscription-error-limit.xml', 'limit', /as many subscriptions of this type as Bandwidth permits/],
    [400, 'subscription-error-limit.xml', 'limit', /as many subscriptions of this type as Bandwidth permits/],
    [404, 'subscription-error-invalid-url.xml', 'url', /callback URL is not valid/],
    [404, 'subscription-error-credentials.xml', 'credentials', /needs a username and a password/],
    [404, 'subscription-error-expiry.xml', 'expiry', /expiry is not valid/],
  ])('%i with %s is BANDWIDTH_SUBSCRIPTION_REFUSED (%s), in one line', async (status, file, reason, message) => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-empty.xml'),
    });
    bandwidth.onAccount('POST', '/subscriptions', { status, headers: XML_HEADERS, body: fixture(file) });

    const error = (await rejectionOf(bandwidth.client().ensureSubscription(wanted))) as BandwidthError;

    expect(error).toMatchObject({ code: 'BANDWIDTH_SUBSCRIPTION_REFUSED', reason, status, retryable: false });
    expect(error.message).toMatch(message);
    expect(error.message).toContain(
      'importtnorders subscription for https://hostflow.example.com/webhooks/bandwidth/orders',
    );
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(CREDENTIALS.password);
    expect(calls()).toEqual(['GET /subscriptions', 'POST /subscriptions']);
  });

  test('a 404 on create without a known code is still a validation refusal', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-empty.xml'),
    });
    bandwidth.onAccount('POST', '/subscriptions', { status: 404 });

    await expect(bandwidth.client().ensureSubscription(wanted)).rejects.toMatchObject({
      code: 'BANDWIDTH_SUBSCRIPTION_REFUSED',
      reason: 'other',
      status: 404,
    });
  });

  test("an update's 400 is a refusal; its 404 means the subscription is gone", async () => {
    bandwidth.onAccount('PUT', `/subscriptions/${OURS}`, {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('subscription-error-invalid-url.xml'),
    });
    await expect(bandwidth.client().updateSubscription(OURS, wanted)).rejects.toMatchObject({
      code: 'BANDWIDTH_SUBSCRIPTION_REFUSED',
      reason: 'url',
    });

    bandwidth.onAccount('PUT', `/subscriptions/${OURS}`, { status: 404 });
    await expect(bandwidth.client().updateSubscription(OURS, wanted)).rejects.toMatchObject({
      code: 'BANDWIDTH_NOT_FOUND',
    });
  });

  test('the MESSAGING_LOST subscription is found among all subscriptions by event type and URL', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list-with-event.xml'),
    });

    const result = await bandwidth.client().ensureSubscription({
      eventType: 'MESSAGING_LOST',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: '4025131f-a05f-4269-8ad6-f38efbf23cea', action: 'unchanged' });
    expect(calls()).toEqual(['GET /subscriptions']);
  });

  test('the MESSAGING_LOST subscription is created beside an order-type one on the same URL', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml'),
    });

    const result = await bandwidth.client().ensureSubscription({
      eventType: 'MESSAGING_LOST',
      url: URL,
      expirySeconds: 3_153_600_000,
      credentials: CREDENTIALS,
    });

    expect(result).toEqual({ subscriptionId: NEW_ID, action: 'created' });
    expect(bandwidth.requests[1]?.text).toBe(fixture('subscription-event-request.xml'));
  });

  test('a subscription reporting another NumberFormat than the dialect wants is updated', async () => {
    bandwidth.onAccount('GET', '/subscriptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('subscription-list.xml').replace(
        '<Status>200 OK</Status>',
        '<Status>200 OK</Status><NumberFormat>E164</NumberFormat>',
      ),
    });

    const result = await bandwidth.client().ensureSubscription(wanted);

    expect(result).toEqual({ subscriptionId: OURS, action: 'updated' });
    expect(bandwidth.requests[1]?.text).toContain('<NumberFormat>LEGACY</NumberFormat>');
  });
});
