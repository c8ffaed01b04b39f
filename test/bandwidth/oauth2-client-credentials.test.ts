import { inspect } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { BandwidthError, oauth2ClientCredentials, type AuthProvider } from '../../bandwidth/index.js';
import { XML_HEADERS, fixture, rejectionOf, startFakeBandwidth, type FakeBandwidth } from './bandwidth-test-kit.js';
import { startRecordingServer, type RecordingServer, type Reply } from './recording-server.js';

const CLIENT = { clientId: 'hostflow-client', clientSecret: 'cl1ent-s3cret-never-shown' };
const CLIENT_BASIC = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
const TOKEN_PATH = '/api/v1/oauth2/token';
const ORDER_ID = 'b05de7e6-0cab-4c83-81bb-9379cba8efd0';

/** A token endpoint issuing `tok-N` tokens that Bandwidth honours for `lifetimeSeconds`. */
interface TokenAuthority {
  issued: Array<{ token: string; at: number }>;
  maxConcurrentFetches: number;
  unauthorized: number;
  revoked: Set<string>;
  /** Replaces the token endpoint's answer (e.g. with a failure). */
  answerWith(reply: Reply | undefined): void;
}

let tokens: RecordingServer;
let bandwidth: FakeBandwidth;
let authority: TokenAuthority;

function installAuthority(lifetimeSeconds: number, latencyMs = 15): TokenAuthority {
  let concurrent = 0;
  let override: Reply | undefined;
  const state: TokenAuthority = {
    issued: [],
    maxConcurrentFetches: 0,
    unauthorized: 0,
    revoked: new Set(),
    answerWith(reply) {
      override = reply;
    },
  };
  tokens.on('POST', TOKEN_PATH, async (request) => {
    concurrent += 1;
    state.maxConcurrentFetches = Math.max(state.maxConcurrentFetches, concurrent);
    await delay(latencyMs); // the token endpoint's own latency, so overlapping fetches would show
    concurrent -= 1;
    if (override !== undefined) return override;
    if (request.headers['authorization'] !== CLIENT_BASIC || request.text !== 'grant_type=client_credentials') {
      return { status: 401, headers: { 'content-type': 'application/json' }, body: '{"error":"invalid_client"}' };
    }
    const token = `tok-${state.issued.length + 1}`;
    state.issued.push({ token, at: Date.now() });
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds }),
    };
  });
  bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, (request) => {
    const token = /^Bearer (.+)$/.exec(request.headers['authorization'] ?? '')?.[1];
    const grant = state.issued.find((issued) => issued.token === token);
    if (
      token === undefined ||
      grant === undefined ||
      state.revoked.has(token) ||
      Date.now() >= grant.at + lifetimeSeconds * 1000
    ) {
      state.unauthorized += 1;
      return {
        status: 401,
        headers: XML_HEADERS,
        body: '<Response><ResponseStatus><ErrorCode>401</ErrorCode><Description>Unauthorized</Description></ResponseStatus></Response>',
      };
    }
    return { status: 200, headers: XML_HEADERS, body: fixture('import-tn-order-complete.xml') };
  });
  return state;
}

function oauth(options: { timeoutMs?: number; refreshSkewMs?: number } = {}): AuthProvider {
  return oauth2ClientCredentials({ tokenUrl: `${tokens.origin}${TOKEN_PATH}`, ...CLIENT, ...options });
}

beforeAll(async () => {
  tokens = await startRecordingServer();
  bandwidth = await startFakeBandwidth();
});
afterAll(async () => {
  await Promise.all([tokens.close(), bandwidth.close()]);
});
afterEach(() => {
  tokens.requests.length = 0;
  bandwidth.requests.length = 0;
});

describe('oauth2ClientCredentials', () => {
  test('fetches a token with the client credentials and sends it as a Bearer token', async () => {
    authority = installAuthority(3600);
    const auth = oauth();

    const order = await bandwidth.client({ auth }).getImportOrder(ORDER_ID);

    expect(auth.mode).toBe('oauth2');
    expect(order.processingStatus).toBe('COMPLETE');
    const [tokenRequest] = tokens.requests;
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['authorization']).toBe(CLIENT_BASIC);
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest?.text).toBe('grant_type=client_credentials');
    expect(bandwidth.requests[0]?.headers['authorization']).toBe('Bearer tok-1');
  });

  test('concurrent first calls share one token fetch, and later calls reuse the token', async () => {
    authority = installAuthority(3600);
    const client = bandwidth.client({ auth: oauth() });

    await Promise.all(Array.from({ length: 50 }, () => client.getImportOrder(ORDER_ID)));
    await client.getImportOrder(ORDER_ID);

    expect(authority.issued).toHaveLength(1);
    expect(authority.maxConcurrentFetches).toBe(1);
    expect(bandwidth.requests).toHaveLength(51);
    expect(new Set(bandwidth.requests.map((request) => request.headers['authorization']))).toEqual(
      new Set(['Bearer tok-1']),
    );
  });

  test('with tokens expiring every 2 s, many concurrent calls over more than 5 s never fail, one fetch per window', async () => {
    authority = installAuthority(2);
    // The default 60 s skew is capped at half the 2 s lifetime: a token is replaced after 1 s.
    const client = bandwidth.client({ auth: oauth() });
    const startedAt = Date.now();
    const until = startedAt + 5_500;
    const failures: unknown[] = [];
    let succeeded = 0;

    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (Date.now() < until) {
          try {
            await client.getImportOrder(ORDER_ID);
            succeeded += 1;
          } catch (error) {
            failures.push(error);
          }
        }
      }),
    );
    const elapsed = Date.now() - startedAt;

    expect(failures).toEqual([]);
    expect(authority.unauthorized).toBe(0);
    expect(succeeded).toBeGreaterThan(100);
    expect(authority.maxConcurrentFetches).toBe(1);
    expect(authority.issued.length).toBeGreaterThanOrEqual(5);
    expect(authority.issued.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
    const gaps = authority.issued.slice(1).map((issued, index) => issued.at - (authority.issued[index]?.at ?? 0));
    // Refreshed at about half the lifetime; a loaded machine may shift one fetch, never double it.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(400);
  }, 30_000);

  test('a 401 drops the cached token and the call is re-sent once with a new one', async () => {
    authority = installAuthority(3600);
    const client = bandwidth.client({ auth: oauth() });
    await client.getImportOrder(ORDER_ID);
    authority.revoked.add('tok-1');

    const order = await client.getImportOrder(ORDER_ID);

    expect(order.orderId).toBe(ORDER_ID);
    expect(authority.issued.map((issued) => issued.token)).toEqual(['tok-1', 'tok-2']);
    expect(bandwidth.requests.map((request) => request.headers['authorization'])).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  test('a burst of 401s for the same revoked token costs one new token, not one each', async () => {
    authority = installAuthority(3600);
    const client = bandwidth.client({ auth: oauth() });
    await client.getImportOrder(ORDER_ID);
    authority.revoked.add('tok-1');

    const orders = await Promise.all(Array.from({ length: 20 }, () => client.getImportOrder(ORDER_ID)));

    expect(orders).toHaveLength(20);
    expect(authority.issued.map((issued) => issued.token)).toEqual(['tok-1', 'tok-2']);
  });

  test('a second 401 is a permanent BANDWIDTH_UNAUTHORIZED after exactly one re-send', async () => {
    authority = installAuthority(3600);
    const client = bandwidth.client({ auth: oauth() });
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, { status: 401 });

    const error = await rejectionOf(client.getImportOrder(ORDER_ID));

    expect(error).toMatchObject({ code: 'BANDWIDTH_UNAUTHORIZED', status: 401, retryable: false });
    expect(bandwidth.requests).toHaveLength(2);
    expect(authority.issued).toHaveLength(2);
  });
});

describe('token endpoint failures', () => {
  function expectSecretsHidden(error: Error): void {
    const shown = `${inspect(error, { depth: Infinity, showHidden: true })}${JSON.stringify(error)}${error.message}`;
    expect(shown).not.toContain(CLIENT.clientSecret);
    expect(shown).not.toContain(CLIENT_BASIC.slice('Basic '.length));
  }

  test('rejected client credentials are a permanent BandwidthError that never shows the secret', async () => {
    authority = installAuthority(3600);
    authority.answerWith({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: '{"error":"invalid_client","error_description":"Client authentication failed"}',
    });

    const error = await rejectionOf(bandwidth.client({ auth: oauth() }).getImportOrder(ORDER_ID));

    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      code: 'BANDWIDTH_UNAUTHORIZED',
      status: 401,
      retryable: false,
      endpoint: `POST ${TOKEN_PATH}`,
      errors: [{ code: 'invalid_client', description: 'Client authentication failed', telephoneNumbers: [] }],
    });
    expect(bandwidth.requests).toHaveLength(0);
    expectSecretsHidden(error);
  });

  test('a failing token endpoint is retryable, and the next call fetches again', async () => {
    authority = installAuthority(3600);
    const client = bandwidth.client({ auth: oauth() });
    authority.answerWith({ status: 503, headers: { 'retry-after': '3' } });

    const error = await rejectionOf(client.getImportOrder(ORDER_ID));
    expect(error).toMatchObject({ code: 'BANDWIDTH_SERVER_ERROR', status: 503, retryable: true, retryAfterMs: 3_000 });
    expectSecretsHidden(error);

    authority.answerWith(undefined);
    await expect(client.getImportOrder(ORDER_ID)).resolves.toMatchObject({ orderId: ORDER_ID });
    expect(tokens.requests).toHaveLength(2);
  });

  test('an answer without access_token is BANDWIDTH_TOKEN_INVALID', async () => {
    authority = installAuthority(3600);
    authority.answerWith({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"token_type":"Bearer"}',
    });

    await expect(bandwidth.client({ auth: oauth() }).getImportOrder(ORDER_ID)).rejects.toMatchObject({
      name: 'BandwidthError',
      code: 'BANDWIDTH_TOKEN_INVALID',
      retryable: false,
    });
  });

  test('a token endpoint that never answers times out as retryable', async () => {
    authority = installAuthority(3600);
    tokens.on('POST', TOKEN_PATH, () => 'hang');

    const error = await rejectionOf(bandwidth.client({ auth: oauth({ timeoutMs: 150 }) }).getImportOrder(ORDER_ID));

    expect(error).toMatchObject({ code: 'BANDWIDTH_TIMEOUT', retryable: true, endpoint: `POST ${TOKEN_PATH}` });
    expectSecretsHidden(error);
  });
});
