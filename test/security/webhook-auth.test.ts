import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import fc from 'fast-check';
import { secretsEqual } from '../../api/auth.js';
import { startConfiguredStack, type ConfiguredStack } from '../../fuzz/configured-stack.js';
import { workflowIdFor } from '../../workflows/ids.js';
import { hostingRequestBody } from '../helpers/stack.js';
import { temporalAddress, uniqueId } from '../helpers/temporal.js';

/*
 * Bandwidth authenticates its callbacks with Basic credentials, and only after a 401 carrying a
 * Basic challenge. Anything short of the exact credentials must be refused without a signal, and
 * comparing them must not tell an attacker, by its timing, how close a guess came.
 */

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;

describe('webhook Basic authentication', () => {
  let stack: ConfiguredStack;
  let connection: Connection;
  let client: Client;
  // A password with a colon and non-ASCII text: the split is at the first colon, the charset UTF-8.
  const webhook = { username: 'bandwidth-callbacks', password: `p:${uniqueId('s')}-wörd` };

  beforeAll(async () => {
    stack = await startConfiguredStack({ temporalAddress: temporalAddress(), withWorker: false, secrets: { webhook } });
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  /** A request that exists and waits (no worker runs here), so a signal would show in its history. */
  async function waitingRequest(): Promise<string> {
    const id = uniqueId('auth');
    const response = await fetch(`${stack.apiUrl}/v1/hosting-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.secrets.apiKey}` },
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id })),
    });
    expect(response.status).toBe(202);
    return id;
  }
  const notification = (id: string) =>
    `<Notification><OrderType>importtnorders</OrderType><OrderId>o-${id}</OrderId><CustomerOrderId>${id}</CustomerOrderId><Status>COMPLETE</Status></Notification>`;
  const send = (id: string, authorization?: string) =>
    fetch(`${stack.apiUrl}/webhooks/bandwidth/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', ...(authorization === undefined ? {} : { authorization }) },
      body: notification(id),
    });
  const signals = async (id: string) =>
    ((await client.workflow.getHandle(workflowIdFor(id)).fetchHistory()).events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes,
    ).length;

  test("Bandwidth's flow: a first call without credentials gets the Basic challenge; the retry with them is signalled once", async () => {
    const id = await waitingRequest();
    const first = await send(id);
    expect(first.status).toBe(401);
    expect(first.headers.get('www-authenticate')).toBe('Basic realm="hostflow-webhooks", charset="UTF-8"');
    expect(first.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await signals(id)).toBe(0);

    const retry = await send(id, basic(webhook.username, webhook.password));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ outcome: 'signalled' });
    expect(await signals(id)).toBe(1);
  });

  test('the scheme name is case-insensitive (RFC 7617)', async () => {
    const id = await waitingRequest();
    const response = await send(id, basic(webhook.username, webhook.password).replace('Basic', 'bASIC'));
    expect(response.status).toBe(200);
  });

  test('every near miss is a 401 with the challenge, and signals nothing', async () => {
    const id = await waitingRequest();
    const { username, password } = webhook;
    const misses: Array<[string, string]> = [
      ['wrong password', basic(username, `${password}x`)],
      ['password less one character', basic(username, password.slice(0, -1))],
      ['password only up to its colon', basic(username, 'p')],
      ['empty password', basic(username, '')],
      ['no colon at all', `Basic ${Buffer.from(username).toString('base64')}`],
      ['wrong user', basic(`${username}x`, password)],
      ['user and password swapped', basic(password, username)],
      ['user in upper case', basic(username.toUpperCase(), password)],
      ['password encoded as Latin-1', `Basic ${Buffer.from(`${username}:${password}`, 'latin1').toString('base64')}`],
      ['not base64', 'Basic ***'],
      ['the API key as a bearer token', `Bearer ${stack.secrets.apiKey}`],
      ['credentials without a scheme', Buffer.from(`${username}:${password}`).toString('base64')],
      ['an empty header', ''],
    ];
    for (const [what, authorization] of misses) {
      const response = await send(id, authorization);
      expect({
        what,
        status: response.status,
        challenge: response.headers.get('www-authenticate')?.startsWith('Basic realm='),
      }).toEqual({ what, status: 401, challenge: true });
    }
    expect(await signals(id)).toBe(0);
  });

  test('credentials are compared in constant time over fixed-length digests (api/auth.ts)', () => {
    const source = readFileSync(new URL('../../api/auth.ts', import.meta.url), 'utf8');
    const body = (name: string) => {
      const start = source.indexOf(`export function ${name}(`);
      const end = source.indexOf('\nexport ', start + 1);
      expect(start).toBeGreaterThanOrEqual(0);
      return source.slice(start, end === -1 ? undefined : end);
    };
    // secretsEqual hashes both sides to 32 bytes, then compares with crypto's timingSafeEqual:
    // neither the length nor the first differing byte of a guess changes how long it takes.
    const equal = body('secretsEqual');
    expect(equal).toMatch(/createHash\('sha256'\)\.update\(given\)\.digest\(\)/);
    expect(equal).toMatch(/createHash\('sha256'\)\.update\(expected\)\.digest\(\)/);
    expect(equal).toMatch(/return timingSafeEqual\(a, b\)/);
    for (const name of ['requireApiKey', 'requireBasicCallbackAuth']) {
      const code = body(name);
      expect(code).toMatch(/secretsEqual\(/);
      // No other comparison touches a secret: only lengths, indices and undefined are compared.
      const comparisons = [...code.matchAll(/([\w.?[\]]+)\s*(===|!==|==|!=)\s*([\w.?[\]]+)/g)].map((m) => m[0]);
      for (const comparison of comparisons) expect(comparison).toMatch(/(length|colon|undefined|\b0\b)/);
    }
    // Basic: both halves are compared before either result is used, so a right user name with a
    // wrong password takes as long as a wrong user name.
    const basicAuth = body('requireBasicCallbackAuth');
    expect(basicAuth).toMatch(
      /const userOk = secretsEqual\(user, credentials\.username\);\s*const passOk = secretsEqual\(pass, credentials\.password\);\s*if \(userOk && passOk\)/,
    );
    // And every key is compared, not only up to the first match.
    expect(body('requireApiKey')).toMatch(/apiKeys\.map\(\(key\) => secretsEqual\(given, key\)\)/);
  });

  test('secretsEqual is exactly string equality, for any lengths and characters, and never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ unit: 'binary', maxLength: 80 }),
        (a, b) => {
          expect(secretsEqual(a, b)).toBe(a === b);
          expect(secretsEqual(a, a)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
