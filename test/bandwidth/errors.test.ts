import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { BandwidthError, BandwidthXmlError, basicAuth, createBandwidthClient } from '../../bandwidth/index.js';
import {
  ACCOUNT_ID,
  API_USER,
  BASIC_HEADER,
  XML_HEADERS,
  fixture,
  rejectionOf,
  startFakeBandwidth,
  type FakeBandwidth,
} from './bandwidth-test-kit.js';
import { startRecordingServer } from './recording-server.js';

let bandwidth: FakeBandwidth;
const ORDER = '/importTnOrders/b05de7e6-0cab-4c83-81bb-9379cba8efd0';
const getOrder = () => bandwidth.client().getImportOrder('b05de7e6-0cab-4c83-81bb-9379cba8efd0');

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
});
afterAll(async () => {
  await bandwidth.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
});

/** Everything an error would show in a log, its cause chain included. */
function everythingShownBy(error: Error): string {
  return `${inspect(error, { depth: Infinity, showHidden: true })}\n${JSON.stringify(error)}\n${error.message}`;
}

function expectNoCredentials(error: Error): void {
  const shown = everythingShownBy(error);
  expect(shown).not.toContain(API_USER.password);
  expect(shown).not.toContain(BASIC_HEADER.slice('Basic '.length));
  expect(shown.toLowerCase()).not.toContain('authorization');
}

describe('the five error shapes all land in `errors`', () => {
  test.each([
    [
      '<ResponseStatus><ErrorCode/><Description/>',
      'error-response-status.xml',
      [
        {
          code: '5070',
          description: 'The account is not enabled for importing telephone numbers.',
          telephoneNumbers: [],
        },
      ],
    ],
    [
      'repeated sibling <Errors><Code/><Description/>',
      'error-sibling-errors.xml',
      [
        { code: '7201', description: '303228100 is not a valid NANPA telephone number.', telephoneNumbers: [] },
        { code: '7201', description: '12345 is not a valid NANPA telephone number.', telephoneNumbers: [] },
      ],
    ],
    [
      '<Errors><Error><Code/><Description/><TelephoneNumbers/>',
      'error-nested-error.xml',
      [
        { code: '7518', description: 'Telephone Number Not Active.', telephoneNumbers: ['3032289999'] },
        {
          code: '5095',
          description: 'The count of telephone numbers in order exceeds the maximum size of 5000.',
          telephoneNumbers: [],
        },
      ],
    ],
    [
      '<ErrorList><Error>',
      'error-error-list.xml',
      [{ code: '12039', description: 'Callback URL is not reachable.', telephoneNumbers: [] }],
    ],
    [
      'resultCode/resultMessage',
      'error-result-code.xml',
      [{ code: '2', description: 'Order b05de7e6-0cab-4c83-81bb-9379cba8efd0 does not exist.', telephoneNumbers: [] }],
    ],
  ])('%s', async (_shape, file, expected) => {
    bandwidth.onAccount('GET', ORDER, { status: 400, headers: XML_HEADERS, body: fixture(file) });

    const error = await rejectionOf(getOrder());

    expect(error).toBeInstanceOf(BandwidthError);
    expect((error as BandwidthError).errors).toEqual(expected);
    expect(error.message).toContain(expected[0]?.code ?? 'missing');
  });
});

describe('retry classification', () => {
  test('429 is retryable and waits until X-RateLimit-Reset (epoch seconds)', async () => {
    const resetAt = Math.ceil(Date.now() / 1000) + 30;
    bandwidth.onAccount('GET', ORDER, { status: 429, headers: { 'x-ratelimit-reset': String(resetAt) } });

    const error = (await rejectionOf(getOrder())) as BandwidthError;

    expect(error).toMatchObject({ code: 'BANDWIDTH_RATE_LIMITED', status: 429, retryable: true, errors: [] });
    const expectedMs = resetAt * 1000 - Date.now();
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(expectedMs);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000 + 1_000);
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
  });

  test('429 with Retry-After in seconds', async () => {
    bandwidth.onAccount('GET', ORDER, { status: 429, headers: { 'retry-after': '7' } });

    await expect(getOrder()).rejects.toMatchObject({
      code: 'BANDWIDTH_RATE_LIMITED',
      retryable: true,
      retryAfterMs: 7_000,
    });
  });

  test('429 with Retry-After as an HTTP date', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 20_000);
    bandwidth.onAccount('GET', ORDER, { status: 429, headers: { 'retry-after': at.toUTCString() } });

    const error = (await rejectionOf(getOrder())) as BandwidthError;

    expect(error.retryAfterMs).toBeGreaterThan(18_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(21_000);
  });

  test('429 without any hint is retryable with no wait given', async () => {
    bandwidth.onAccount('GET', ORDER, { status: 429 });

    const error = (await rejectionOf(getOrder())) as BandwidthError;

    expect(error).toMatchObject({ code: 'BANDWIDTH_RATE_LIMITED', retryable: true });
    expect(error.retryAfterMs).toBeUndefined();
  });

  test('500 is retryable and keeps the codes of its body', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 500,
      headers: XML_HEADERS,
      body: fixture('error-response-status.xml'),
    });

    await expect(getOrder()).rejects.toMatchObject({
      name: 'BandwidthError',
      code: 'BANDWIDTH_SERVER_ERROR',
      status: 500,
      retryable: true,
      endpoint: 'GET /importTnOrders/{orderId}',
      errors: [{ code: '5070' }],
    });
  });

  test('a 502 HTML page from a proxy is retryable with no codes', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>502 Bad Gateway</h1><hr></body></html>',
    });

    await expect(getOrder()).rejects.toMatchObject({
      code: 'BANDWIDTH_SERVER_ERROR',
      status: 502,
      retryable: true,
      errors: [],
    });
  });

  test.each([
    [400, 'BANDWIDTH_BAD_REQUEST'],
    [401, 'BANDWIDTH_UNAUTHORIZED'],
    [403, 'BANDWIDTH_FORBIDDEN'],
    [404, 'BANDWIDTH_NOT_FOUND'],
    [409, 'BANDWIDTH_CONFLICT'],
    [422, 'BANDWIDTH_CLIENT_ERROR'],
  ])('%i is permanent (%s)', async (status, code) => {
    bandwidth.onAccount('GET', ORDER, { status, headers: XML_HEADERS, body: fixture('error-response-status.xml') });

    await expect(getOrder()).rejects.toMatchObject({ code, status, retryable: false });
    expect(bandwidth.requests).toHaveLength(1);
  });

  test('408 is retryable', async () => {
    bandwidth.onAccount('GET', ORDER, { status: 408 });

    await expect(getOrder()).rejects.toMatchObject({ code: 'BANDWIDTH_TIMEOUT', status: 408, retryable: true });
  });

  test('a redirect is not followed (it could carry the Authorization header elsewhere)', async () => {
    const elsewhere = await startRecordingServer();
    try {
      bandwidth.onAccount('GET', ORDER, { status: 302, headers: { location: `${elsewhere.origin}/steal` } });

      await expect(getOrder()).rejects.toMatchObject({
        code: 'BANDWIDTH_UNEXPECTED_RESPONSE',
        status: 302,
        retryable: false,
      });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('transport failures', () => {
  test('a server that never answers times out as a retryable BANDWIDTH_TIMEOUT', async () => {
    bandwidth.onAccount('GET', ORDER, () => 'hang');

    const error = await rejectionOf(
      bandwidth.client({ timeoutMs: 150 }).getImportOrder('b05de7e6-0cab-4c83-81bb-9379cba8efd0'),
    );

    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      code: 'BANDWIDTH_TIMEOUT',
      retryable: true,
      endpoint: 'GET /importTnOrders/{orderId}',
    });
    expect((error as BandwidthError).status).toBeUndefined();
    expect(error.cause).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
    expectNoCredentials(error);
  });

  test('a refused connection is a retryable BANDWIDTH_NETWORK whose cause holds no request options', async () => {
    const gone = await startRecordingServer();
    await gone.close();
    const client = createBandwidthClient({
      baseUrl: `${gone.origin}/api`,
      accountId: ACCOUNT_ID,
      auth: basicAuth(API_USER),
      timeoutMs: 2_000,
    });

    const error = await rejectionOf(
      client.createImportOrder({
        siteId: '1',
        subscriber: {
          name: 'n',
          serviceAddress: { houseNumber: '1', streetName: 's', city: 'c', stateCode: 'NC', zip: '27606' },
        },
        loaAuthorizingPerson: 'p',
        telephoneNumbers: ['3032281000'],
      }),
    );

    expect(error).toMatchObject({
      name: 'BandwidthError',
      code: 'BANDWIDTH_NETWORK',
      retryable: true,
      endpoint: 'POST /importTnOrders',
    });
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(Object.keys(error.cause as object)).not.toContain('options');
    expect(error.message).not.toContain(ACCOUNT_ID);
    expectNoCredentials(error);
  });

  test('an HTTP error never shows the credentials either', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 401,
      headers: XML_HEADERS,
      body: fixture('error-response-status.xml'),
    });

    const error = await rejectionOf(getOrder());

    expect(error).toMatchObject({ code: 'BANDWIDTH_UNAUTHORIZED', retryable: false });
    // Basic credentials cannot be refreshed, so a 401 is not re-sent.
    expect(bandwidth.requests).toHaveLength(1);
    expectNoCredentials(error);
  });

  test('an answer larger than maxResponseBytes is refused', async () => {
    const big = `<ImportTnOrder><Note>${'x'.repeat(4096)}</Note></ImportTnOrder>`;
    bandwidth.onAccount('GET', ORDER, { status: 200, headers: XML_HEADERS, body: big });

    const error = await rejectionOf(
      bandwidth.client({ maxResponseBytes: 1024 }).getImportOrder('b05de7e6-0cab-4c83-81bb-9379cba8efd0'),
    );

    expect(error).toMatchObject({ name: 'BandwidthError', code: 'BANDWIDTH_RESPONSE_TOO_LARGE', retryable: false });
  });

  test('a baseUrl with credentials in it is refused, without repeating them', () => {
    let thrown: unknown;
    try {
      createBandwidthClient({
        baseUrl: 'https://user:s3cr3t-in-url@dashboard.bandwidth.com/api',
        accountId: ACCOUNT_ID,
        auth: basicAuth(API_USER),
      });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(BandwidthError);
    expect(thrown).toMatchObject({ code: 'BANDWIDTH_CONFIG_INVALID', retryable: false });
    expect(everythingShownBy(thrown as Error)).not.toContain('s3cr3t-in-url');
  });
});

describe('unsafe or malformed answers', () => {
  test('a DOCTYPE with entity definitions is refused before parsing', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('doctype-entity-expansion.xml'),
    });

    const error = await rejectionOf(getOrder());

    expect(error).toBeInstanceOf(BandwidthXmlError);
    expect(error).toMatchObject({ name: 'BandwidthXmlError', code: 'BANDWIDTH_XML_UNSAFE', retryable: false });
  });

  test('an external entity DOCTYPE is refused', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('doctype-external-entity.xml'),
    });

    await expect(getOrder()).rejects.toMatchObject({ code: 'BANDWIDTH_XML_UNSAFE' });
  });

  test('a bare ENTITY declaration is refused', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 200,
      headers: XML_HEADERS,
      body: '<ImportTnOrder><!ENTITY x "y"><OrderId>&x;</OrderId></ImportTnOrder>',
    });

    await expect(getOrder()).rejects.toMatchObject({ code: 'BANDWIDTH_XML_UNSAFE' });
  });

  test('a truncated document is BANDWIDTH_XML_INVALID', async () => {
    bandwidth.onAccount('GET', ORDER, {
      status: 200,
      headers: XML_HEADERS,
      body: '<ImportTnOrder><OrderId>b05de7e6</OrderId><ProcessingStatus>COMPLETE',
    });

    await expect(getOrder()).rejects.toMatchObject({
      name: 'BandwidthXmlError',
      code: 'BANDWIDTH_XML_INVALID',
      endpoint: 'GET /importTnOrders/{orderId}',
    });
  });
});
