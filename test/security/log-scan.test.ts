import { startConfiguredStack, type ConfiguredStack } from '../../fuzz/configured-stack.js';
import { SUBSCRIBER, hostingRequestWithPii, leaksIn, waitForView } from './pii.js';

/*
 * A whole request's life — create with an LOA, Bandwidth's check, order, OAuth2 token, callback,
 * LOA upload, reads, refusals — through the stack as production composes it, logging at debug,
 * with every secret known. Afterwards no log line (API, worker, SDK, sandbox) and no metrics line
 * may hold a secret, a token, or the subscriber's name or address.
 *
 * Deliberately not importing test/helpers/temporal.ts: it installs the Temporal runtime with its
 * own logger, and the SDK's lines must come to this stack's logger to be scanned.
 */

const address = () => {
  const value = process.env.TEMPORAL_TEST_ADDRESS;
  if (!value) throw new Error('TEMPORAL_TEST_ADDRESS is not set: run through jest');
  return value;
};

describe('log scan', () => {
  let stack: ConfiguredStack;
  let id: string;
  let metrics: string;
  const responses: string[] = [];

  beforeAll(async () => {
    stack = await startConfiguredStack({ temporalAddress: address(), bandwidthAuth: 'oauth2', logLevel: 'debug' });
    const { apiKey, webhook } = stack.secrets;
    const api = (path: string, init: RequestInit = {}, key = apiKey) =>
      fetch(`${stack.apiUrl}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...init.headers },
      });
    const hook = (body: string, authorization?: string) =>
      fetch(`${stack.apiUrl}/webhooks/bandwidth/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', ...(authorization ? { authorization } : {}) },
        body,
      });

    id = `log-scan-${Date.now().toString(36)}`;
    const created = await api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(hostingRequestWithPii(id)),
    });
    expect(created.status).toBe(202);
    await waitForView(
      api,
      id,
      (view) => view.status === 'COMPLETE' && (view.loa as { status: string }).status === 'UPLOADED',
    );

    // Reads, and the refusals an attacker or a confused client causes.
    for (const response of [
      await api(`/v1/hosting-requests/${id}`),
      await api('/v1/hosting-requests?status=COMPLETE&limit=5'),
      await api(`/v1/hosting-requests/${id}/cancel`, {
        method: 'POST',
        body: JSON.stringify({ reason: `withdrawn by ${SUBSCRIBER.name}` }),
      }),
      await api(`/v1/hosting-requests/${id}/loa`, {
        method: 'POST',
        body: JSON.stringify(hostingRequestWithPii(id).loa),
      }),
      await api('/v1/hosting-requests', {
        method: 'POST',
        body: JSON.stringify({ ...hostingRequestWithPii(`${id}-bad`), telephoneNumbers: ['123'] }),
      }),
      await api('/v1/hosting-requests', { method: 'POST', body: '{"subscriber": {"name": "' }),
      await api(`/v1/hosting-requests/${id}`, {}, `${apiKey}-wrong`),
      await hook(
        `<Notification><OrderType>importtnorders</OrderType><OrderId>o</OrderId><CustomerOrderId>${id}</CustomerOrderId><Status>COMPLETE</Status></Notification>`,
      ),
      await hook('<Notification/>', `Basic ${Buffer.from(`${webhook.username}:guess`).toString('base64')}`),
      await hook(
        `<Notification><OrderType>importtnorders</OrderType><OrderId>o</OrderId><CustomerOrderId>${id}</CustomerOrderId><Status>COMPLETE</Status></Notification>`,
        `Basic ${Buffer.from(`${webhook.username}:${webhook.password}`).toString('base64')}`,
      ),
    ]) {
      responses.push(`${response.status} ${await response.text()}`);
    }
    metrics = await (await fetch(`${stack.apiUrl}/metrics`)).text();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Every credential in every form it travels in: as itself and inside a Basic header. */
  function secretNeedles(): Array<[string, string]> {
    const { apiKey, webhook, sandboxBasic, oauthClient, payloadKey } = stack.secrets;
    const basic = (user: string, pass: string) => Buffer.from(`${user}:${pass}`).toString('base64');
    return [
      ['API key', apiKey],
      ['webhook password', webhook.password],
      ['webhook Basic header', basic(webhook.username, webhook.password)],
      ['sandbox Basic password', sandboxBasic.password],
      ['sandbox Basic header', basic(sandboxBasic.username, sandboxBasic.password)],
      ['OAuth client secret', oauthClient.clientSecret],
      ['OAuth token request Basic header', basic(oauthClient.clientId, oauthClient.clientSecret)],
      ['payload encryption key', payloadKey],
    ];
  }

  test('the scan has something to scan: the request was logged through API, worker, SDK and sandbox', () => {
    expect(stack.runtimeLogsCaptured).toBe(true);
    const lines = stack.logLines();
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((line) => line.includes(id) && line.includes('order notification'))).toBe(true);
    expect(lines.some((line) => line.startsWith('sandbox: '))).toBe(true);
    expect(lines.some((line) => line.includes('"sdkComponent"'))).toBe(true);
    expect(responses).toHaveLength(10);
  });

  test('no log line holds a credential, in any form', () => {
    const lines = stack.logLines();
    for (const [what, secret] of secretNeedles())
      expect({ what, lines: leaksIn(lines, [secret]) }).toEqual({ what, lines: [] });
  });

  test('no log line holds a token or an Authorization header', () => {
    const tokenLike = /Bearer\s+[\w.~+/-]{8,}|Basic\s+[A-Za-z0-9+/]{12,}=*|access_token/i;
    expect(stack.logLines().filter((line) => tokenLike.test(line))).toEqual([]);
  });

  test("no log line holds the subscriber's name, address or authorising person", () => {
    expect(leaksIn(stack.logLines(), Object.values(SUBSCRIBER))).toEqual([]);
  });

  test('the public /metrics page holds none of them either', () => {
    expect(
      leaksIn(metrics.split('\n'), [...secretNeedles().map(([, secret]) => secret), ...Object.values(SUBSCRIBER)]),
    ).toEqual([]);
  });
});
