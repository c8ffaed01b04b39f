import { request } from 'node:http';
import { sandboxFixture, waitFor } from './helpers.js';
import { SEED_CHECKER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function token(url: string, authorization: string, form = 'grant_type=client_credentials') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A GET with a chosen Host header (fetch does not allow setting it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Basic credentials', () => {
  test('a call without credentials is 401 with a Basic challenge and 1001 Access Denied', async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnChecker', SEED_CHECKER_REQUEST, { authorization: null });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(answer.xml.ErrorResponse.ResponseStatus).toEqual({ ErrorCode: '1001', Description: 'Access Denied' });
  });

  test('wrong credentials are 401; the configured ones are accepted', async () => {
    const caller = await fixture.start({ credentials: { username: 'api-user', password: 's3cret' } });
    expect((await caller.get('importTnOrders', { authorization: basic('api-user', 'wrong') })).status).toBe(401);
    expect((await caller.get('importTnOrders', { authorization: basic('sandbox', 'sandbox') })).status).toBe(401);
    expect((await caller.get('importTnOrders', { authorization: basic('api-user', 's3cret') })).status).toBe(200);
  });

  test('an unknown account is 404 with a Bandwidth error body', async () => {
    const caller = await fixture.start({ accountId: '9900012' });
    const answer = await caller.get(`${caller.running.apiBaseUrl}/accounts/9900000/importTnOrders`);
    expect(answer.status).toBe(404);
    expect(answer.xml.ErrorResponse.ResponseStatus).toEqual({
      ErrorCode: '12020',
      Description: "Account '9900000' does not exist",
    });
    expect((await caller.get('importTnOrders')).status).toBe(200);
  });

  test('the API also answers under the /api/v1 base', async () => {
    const caller = await fixture.start();
    const answer = await caller.post(
      `${caller.running.url}/api/v1/accounts/${caller.running.accountId}/importTnChecker`,
      SEED_CHECKER_REQUEST,
    );
    expect(answer.status).toBe(200);
  });
});

describe('OAuth2 client credentials', () => {
  test('a token from the token endpoint is accepted as Bearer on account routes', async () => {
    const caller = await fixture.start({ oauthClient: { clientId: 'client-1', clientSecret: 'secret-1' } });
    const issued = await token(caller.running.tokenUrl, basic('client-1', 'secret-1'));
    expect(issued.status).toBe(200);
    expect(issued.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    const answer = await caller.post('importTnChecker', SEED_CHECKER_REQUEST, {
      authorization: `Bearer ${String(issued.body.access_token)}`,
    });
    expect(answer.status).toBe(200);
    expect((await caller.get('importTnOrders', { authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  test('a wrong client secret is 401 and a wrong grant type 400', async () => {
    const caller = await fixture.start();
    expect((await token(caller.running.tokenUrl, basic('sandbox', 'nope'))).status).toBe(401);
    const wrongGrant = await token(caller.running.tokenUrl, basic('sandbox', 'sandbox'), 'grant_type=password');
    expect(wrongGrant).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: expect.any(String) },
    });
  });

  test('a token stops working once it expires', async () => {
    const caller = await fixture.start({
      oauthClient: { clientId: 'sandbox', clientSecret: 'sandbox', tokenTtlSeconds: 2 },
    });
    const issuedAt = Date.now();
    const issued = await token(caller.running.tokenUrl, basic('sandbox', 'sandbox'));
    expect(issued.body.expires_in).toBe(2);
    const bearer = `Bearer ${String(issued.body.access_token)}`;
    expect((await caller.get('importTnOrders', { authorization: bearer })).status).toBe(200);
    await waitFor(
      async () => (await caller.get('importTnOrders', { authorization: bearer })).status === 401,
      'the token to expire',
      10_000,
    );
    expect(Date.now() - issuedAt).toBeGreaterThanOrEqual(1_900);
  });
});

describe('credentials refused by faults', () => {
  test('refuseBasic: every Basic call is 401, even with the right credentials, while OAuth2 Bearer still works', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ auth: { refuseBasic: true } });
    const refused = await caller.get('importTnOrders');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(refused.xml.ErrorResponse.ResponseStatus.ErrorCode).toBe('1001');
    // The token endpoint takes the OAuth2 client in Basic auth: that is not a legacy API user.
    const issued = await token(caller.running.tokenUrl, basic('sandbox', 'sandbox'));
    expect(issued.status).toBe(200);
    const bearer = `Bearer ${String(issued.body.access_token)}`;
    expect((await caller.get('importTnOrders', { authorization: bearer })).status).toBe(200);
    caller.running.sandbox.clearFaults();
    expect((await caller.get('importTnOrders')).status).toBe(200);
  });

  test('unauthorizedForMs: the API and the token endpoint answer 401 for the stretch, then work again by themselves', async () => {
    const caller = await fixture.start();
    const issued = await token(caller.running.tokenUrl, basic('sandbox', 'sandbox'));
    const bearer = `Bearer ${String(issued.body.access_token)}`;
    caller.running.sandbox.setFaults({ auth: { unauthorizedForMs: 1_000 } });
    const startedAt = Date.now();
    expect((await caller.get('importTnOrders', { authorization: bearer })).status).toBe(401);
    expect((await caller.get('importTnOrders')).status).toBe(401);
    const tokenRefused = await token(caller.running.tokenUrl, basic('sandbox', 'sandbox'));
    expect(tokenRefused).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: expect.any(String) },
    });
    await waitFor(
      async () => (await caller.get('importTnOrders', { authorization: bearer })).status === 200,
      'the stretch to end',
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect((await token(caller.running.tokenUrl, basic('sandbox', 'sandbox'))).status).toBe(200);
    expect(caller.running.sandbox.faults().injected.unauthorized).toBeGreaterThanOrEqual(3);
  });

  test('an endpoint fault on the token endpoint answers in OAuth2 JSON, and forMs ends it', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ endpoints: { token: { errorRate: 1, status: 401, forMs: 500 } } });
    const refused = await fetch(caller.running.tokenUrl, {
      method: 'POST',
      headers: { Authorization: basic('sandbox', 'sandbox'), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await refused.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    await waitFor(
      async () => (await token(caller.running.tokenUrl, basic('sandbox', 'sandbox'))).status === 200,
      'the fault to end',
    );
  });

  test('an endpoint fault with status 401 on the API challenges and denies access', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ endpoints: { listOrders: { errorRate: 1, status: 401 } } });
    const answer = await caller.get('importTnOrders');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(answer.xml.ErrorResponse.ResponseStatus).toEqual({ ErrorCode: '1001', Description: 'Access Denied' });
  });
});

describe('/_sandbox', () => {
  test('needs no Bandwidth credentials but answers only requests naming its own host', async () => {
    const caller = await fixture.start();
    expect((await fetch(`${caller.running.url}/_sandbox/orders`)).status).toBe(200);
    const port = new URL(caller.running.url).port;
    expect(await getWithHost(`${caller.running.url}/_sandbox/orders`, `localhost:${port}`)).toBe(200);
    expect(await getWithHost(`${caller.running.url}/_sandbox/orders`, `attacker.example:${port}`)).toBe(404);
    expect(await getWithHost(`${caller.running.url}/_sandbox/reset`, 'attacker.example')).toBe(404);
  });

  test('reset forgets orders and subscriptions', async () => {
    const caller = await fixture.start();
    await caller.createOrder(['3032281000']);
    await caller.subscribe('http://127.0.0.1:1/x');
    expect((await fetch(`${caller.running.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect(await caller.inspect('orders')).toEqual([]);
    expect((await caller.get('subscriptions')).xml.SubscriptionsResponse.Subscriptions).toBe('');
  });
});
