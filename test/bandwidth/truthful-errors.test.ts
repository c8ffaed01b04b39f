import { inspect } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import {
  type BandwidthError,
  MAX_RETRY_AFTER_MS,
  isCredentialError,
  oauth2ClientCredentials,
  type BandwidthClient,
} from '../../bandwidth/index.js';
import {
  API_USER,
  BASIC_HEADER,
  XML_HEADERS,
  fixture,
  rejectionOf,
  startFakeBandwidth,
  type FakeBandwidth,
} from './bandwidth-test-kit.js';
import { startRecordingServer, type RecordingServer } from './recording-server.js';

const ORDER_ID = 'b05de7e6-0cab-4c83-81bb-9379cba8efd0';
const ORDER = `/importTnOrders/${ORDER_ID}`;
const CLIENT = { clientId: 'hostflow-client', clientSecret: 'cl1ent-s3cret-never-shown' };
const TOKEN_PATH = '/api/v1/oauth2/token';
const tokenAnswer = (token: string) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }),
});

let bandwidth: FakeBandwidth;
let tokens: RecordingServer;

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
  tokens = await startRecordingServer();
});
afterAll(async () => {
  await bandwidth.close();
  await tokens.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
  tokens.requests.length = 0;
});

const oauthClient = () =>
  bandwidth.client({ auth: oauth2ClientCredentials({ tokenUrl: `${tokens.origin}${TOKEN_PATH}`, ...CLIENT }) });

function shown(error: Error): string {
  return `${inspect(error, { depth: Infinity, showHidden: true })}\n${error.message}`;
}

describe('401 and 403 tell the credentials apart from the request', () => {
  test('a 401 on Basic credentials says Bandwidth removed them and what to set instead', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 401,
      headers: XML_HEADERS,
      body: fixture('error-response-status.xml'),
    });

    const error = (await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID))) as BandwidthError;

    expect(error).toMatchObject({ code: 'BANDWIDTH_UNAUTHORIZED', status: 401, retryable: false });
    expect(isCredentialError(error)).toBe(true);
    expect(error.message).toContain('removed legacy API users (HTTP Basic credentials) on 2026-12-02');
    expect(error.message).toContain('BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET');
    expect(error.message).not.toContain('\n');
    expect(shown(error)).not.toContain(API_USER.password);
    expect(shown(error)).not.toContain(BASIC_HEADER.slice('Basic '.length));
  });

  test('a 401 on an OAuth2 token (after the one refetch) points at the client credentials, not at 2026', async () => {
    tokens.on('POST', TOKEN_PATH, (request) => tokenAnswer(`tok-${tokens.requests.indexOf(request)}`));
    bandwidth.onAccount('GET', ORDER, { status: 401 });

    const error = (await rejectionOf(oauthClient().getImportOrder(ORDER_ID))) as BandwidthError;

    expect(error).toMatchObject({ code: 'BANDWIDTH_UNAUTHORIZED', status: 401 });
    expect(error.message).toContain('BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET');
    expect(error.message).not.toContain('2026');
    expect(tokens.requests).toHaveLength(2);
  });

  test('a 403 from the API is BANDWIDTH_FORBIDDEN, a credential problem; a 400 is not', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 403,
      headers: XML_HEADERS,
      body: fixture('error-response-status.xml'),
    });
    const forbidden = await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID));
    expect(forbidden).toMatchObject({ code: 'BANDWIDTH_FORBIDDEN', status: 403, retryable: false });
    expect(isCredentialError(forbidden)).toBe(true);
    expect(forbidden.message).toContain('lack the role or the account');

    bandwidth.onAccount('GET', ORDER, {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('error-response-status.xml'),
    });
    const refused = await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID));
    expect(refused).toMatchObject({ code: 'BANDWIDTH_BAD_REQUEST' });
    expect(isCredentialError(refused)).toBe(false);
    expect(isCredentialError(new Error('x'))).toBe(false);
  });

  test.each([
    [401, '{"error":"invalid_client","error_description":"Client authentication failed"}', 'BANDWIDTH_UNAUTHORIZED'],
    [400, '{"error":"invalid_client"}', 'BANDWIDTH_UNAUTHORIZED'],
    [400, '{"error":"invalid_grant"}', 'BANDWIDTH_UNAUTHORIZED'],
    [400, '{"error":"unauthorized_client"}', 'BANDWIDTH_FORBIDDEN'],
    [403, '', 'BANDWIDTH_FORBIDDEN'],
    [403, '<html>Forbidden</html>', 'BANDWIDTH_FORBIDDEN'],
  ])('the token endpoint answering %i %s is %s, never a refusal of the request', async (status, body, code) => {
    tokens.on('POST', TOKEN_PATH, { status, headers: { 'content-type': 'application/json' }, body });

    const error = (await rejectionOf(oauthClient().getImportOrder(ORDER_ID))) as BandwidthError;

    expect(error).toMatchObject({
      name: 'BandwidthError',
      code,
      status,
      retryable: false,
      endpoint: `POST ${TOKEN_PATH}`,
    });
    expect(isCredentialError(error)).toBe(true);
    expect(error.message).toContain('BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET');
    expect(shown(error)).not.toContain(CLIENT.clientSecret);
    expect(bandwidth.requests).toHaveLength(0);
  });

  test('the token endpoint being down stays transient', async () => {
    tokens.on('POST', TOKEN_PATH, { status: 503 });

    await expect(oauthClient().getImportOrder(ORDER_ID)).rejects.toMatchObject({
      code: 'BANDWIDTH_SERVER_ERROR',
      retryable: true,
    });
  });
});

describe('a rate-limit wait is capped at 15 minutes', () => {
  test.each([
    [
      'X-RateLimit-Reset a year ahead (epoch seconds)',
      { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 31_536_000) },
    ],
    ['X-RateLimit-Reset in epoch milliseconds, far ahead', { 'x-ratelimit-reset': String(Date.now() + 86_400_000) }],
    ['Retry-After of a billion seconds', { 'retry-after': '1000000000' }],
    ['Retry-After as a date next decade', { 'retry-after': new Date(Date.now() + 3.2e11).toUTCString() }],
  ])('%s', async (_what, headers) => {
    bandwidth.onAccount('GET', ORDER, { status: 429, headers });

    const error = (await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID))) as BandwidthError;

    expect(MAX_RETRY_AFTER_MS).toBe(900_000);
    expect(error).toMatchObject({ code: 'BANDWIDTH_RATE_LIMITED', retryable: true, retryAfterMs: MAX_RETRY_AFTER_MS });
  });

  test('a near reset is kept as it is', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 429,
      headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60) },
    });

    const error = (await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID))) as BandwidthError;

    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(61_000);
  });
});

describe('an AbortSignal ends a call, its HTTP request included', () => {
  test('aborting a call in flight ends it at once as BANDWIDTH_ABORTED, and closes the connection', async () => {
    bandwidth.onAccount('GET', ORDER, () => 'hang');
    const controller = new AbortController();
    const started = Date.now();

    const pending = rejectionOf(
      bandwidth.client({ timeoutMs: 10_000 }).getImportOrder(ORDER_ID, { signal: controller.signal }),
    );
    await delay(100);
    expect(bandwidth.requests).toHaveLength(1);
    controller.abort(new Error('activity cancelled'));
    const error = await pending;

    expect(error).toMatchObject({
      name: 'BandwidthError',
      code: 'BANDWIDTH_ABORTED',
      retryable: true,
      endpoint: 'GET /importTnOrders/{orderId}',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The server's side of the socket sees the close: nothing is left running at Bandwidth's end.
    await delay(100);
    expect(bandwidth.requests[0]?.closedByClient).toBe(true);
  });

  test('an already aborted signal sends nothing', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-complete.xml'),
    });

    await expect(bandwidth.client().getImportOrder(ORDER_ID, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'BANDWIDTH_ABORTED',
    });
    expect(bandwidth.requests).toHaveLength(0);
  });

  test('aborting one caller waiting for a token leaves the shared fetch to the others', async () => {
    tokens.on('POST', TOKEN_PATH, async () => {
      await delay(300);
      return tokenAnswer('tok-shared');
    });
    bandwidth.onAccount('GET', ORDER, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-complete.xml'),
    });
    const client = oauthClient();
    const controller = new AbortController();

    const aborted = rejectionOf(client.getImportOrder(ORDER_ID, { signal: controller.signal }));
    const patient = client.getImportOrder(ORDER_ID);
    await delay(50);
    controller.abort();

    await expect(aborted).resolves.toMatchObject({ code: 'BANDWIDTH_ABORTED', endpoint: `POST ${TOKEN_PATH}` });
    await expect(patient).resolves.toMatchObject({ orderId: ORDER_ID });
    expect(tokens.requests).toHaveLength(1);
    expect(bandwidth.requests).toHaveLength(1);
    expect(bandwidth.requests[0]?.headers.authorization).toBe('Bearer tok-shared');
  });

  test('every public method takes the signal', async () => {
    const client = bandwidth.client();
    const signal = AbortSignal.abort();
    const subscription = { orderType: 'importtnorders', url: 'https://hostflow.example.com/webhooks/bandwidth/orders' };
    const importOrder = {
      siteId: '1',
      subscriber: {
        name: 'n',
        serviceAddress: { houseNumber: '1', streetName: 's', city: 'c', stateCode: 'NC', zip: '27606' },
      },
      loaAuthorizingPerson: 'p',
      telephoneNumbers: ['3032281000'],
    };
    const calls: Record<keyof Omit<BandwidthClient, 'dialect'>, () => Promise<unknown>> = {
      checkImportability: () => client.checkImportability({ telephoneNumbers: ['3032281000'] }, { signal }),
      createImportOrder: () => client.createImportOrder(importOrder, { signal }),
      getImportOrder: () => client.getImportOrder('o', { signal }),
      listImportOrders: () => client.listImportOrders({}, { signal }),
      getImportOrderHistory: () => client.getImportOrderHistory('o', { signal }),
      uploadLoa: () => client.uploadLoa('o', { contentType: 'application/pdf', data: Buffer.from('%PDF') }, { signal }),
      listLoas: () => client.listLoas('o', { signal }),
      downloadLoa: () => client.downloadLoa('o', 'f.pdf', { signal }),
      deleteLoa: () => client.deleteLoa('o', 'f.pdf', { signal }),
      createSubscription: () => client.createSubscription(subscription, { signal }),
      listSubscriptions: () => client.listSubscriptions(undefined, { signal }),
      getSubscription: () => client.getSubscription('s', { signal }),
      updateSubscription: () => client.updateSubscription('s', subscription, { signal }),
      deleteSubscription: () => client.deleteSubscription('s', { signal }),
      ensureSubscription: () => client.ensureSubscription(subscription, { signal }),
      createRemoveImportedTnOrder: () =>
        client.createRemoveImportedTnOrder({ telephoneNumbers: ['3032281000'] }, { signal }),
      getRemoveImportedTnOrder: () => client.getRemoveImportedTnOrder('o', { signal }),
      listRemoveImportedTnOrders: () => client.listRemoveImportedTnOrders({}, { signal }),
      getRemoveImportedTnOrderHistory: () => client.getRemoveImportedTnOrderHistory('o', { signal }),
      isInService: () => client.isInService('3032281000', { signal }),
      createTnOptionOrder: () =>
        client.createTnOptionOrder({ groups: [{ sms: true, telephoneNumbers: ['3032281000'] }] }, { signal }),
      getTnOptionOrder: () => client.getTnOptionOrder('o', { signal }),
      listTnOptionOrders: () => client.listTnOptionOrders({}, { signal }),
    };

    for (const [name, call] of Object.entries(calls)) {
      await expect(call()).rejects.toMatchObject({ code: 'BANDWIDTH_ABORTED' });
      expect([name, bandwidth.requests.length]).toEqual([name, 0]);
    }
  });
});
