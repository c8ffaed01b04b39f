import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { XML_HEADERS, fixture, startFakeBandwidth, type FakeBandwidth } from './bandwidth-test-kit.js';
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
