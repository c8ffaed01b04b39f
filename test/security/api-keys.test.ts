import { startConfiguredStack, type ConfiguredStack } from '../../fuzz/configured-stack.js';
import { temporalAddress } from '../helpers/temporal.js';
import { codecOperations, documentedOperations, type Operation } from './operations.js';

/*
 * API keys guard every /v1 route and the codec endpoint (which decrypts payloads). The routes
 * come from the running API's own OpenAPI document, so a route added later is covered without
 * touching this file; the codec routes are checked whenever this build mounts /codec.
 */

describe('API keys', () => {
  let stack: ConfiguredStack;
  let operations: Operation[];
  let codec: Operation[];

  beforeAll(async () => {
    stack = await startConfiguredStack({ temporalAddress: temporalAddress(), withWorker: false });
    operations = await documentedOperations(stack.apiUrl);
    codec = await codecOperations(stack.apiUrl);
    if (codec.length === 0)
      process.stderr.write('API key checks: /codec is not mounted in this build; its routes were not checked\n');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = (operation: Operation, authorization?: string, query = '') =>
    fetch(`${stack.apiUrl}${operation.path}${query}`, {
      method: operation.method,
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      ...(operation.hasBody ? { body: '{}' } : {}),
    });

  const keyed = () => [...operations.filter((op) => op.security.includes('apiKey')), ...codec];

  test('the document puts every /v1 operation behind the API key', () => {
    const v1 = operations.filter((op) => op.template.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(5);
    for (const op of v1)
      expect({ op: `${op.method} ${op.template}`, security: op.security }).toEqual({
        op: `${op.method} ${op.template}`,
        security: ['apiKey'],
      });
  });

  test('without a key every keyed route answers 401 with a Bearer challenge and a problem', async () => {
    for (const op of keyed()) {
      const response = await call(op);
      expect({ op: `${op.method} ${op.path}`, status: response.status }).toEqual({
        op: `${op.method} ${op.path}`,
        status: 401,
      });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="/);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 401, type: 'urn:hostflow:problem:unauthorized' });
    }
  });

  test('a wrong, altered, empty or misplaced key is refused on every keyed route', async () => {
    const key = stack.secrets.apiKey;
    const wrong: Array<[string, string | undefined, string?]> = [
      ['another key of the same length', `Bearer ${'x'.repeat(key.length)}`],
      ['the key with one more character', `Bearer ${key}x`],
      ['the key less its last character', `Bearer ${key.slice(0, -1)}`],
      ['the key in upper case', `Bearer ${key.toUpperCase()}`],
      ['an empty bearer', 'Bearer '],
      ['the key as Basic credentials', `Basic ${Buffer.from(`${key}:`).toString('base64')}`],
      ['the key without a scheme', key],
      ['the key in the query string', undefined, `?access_token=${key}&api_key=${key}`],
    ];
    for (const op of keyed()) {
      for (const [what, authorization, query] of wrong) {
        const response = await call(op, authorization, query);
        expect({ op: `${op.method} ${op.path}`, what, status: response.status }).toEqual({
          op: `${op.method} ${op.path}`,
          what,
          status: 401,
        });
      }
    }
  });

  test('the right key opens every keyed route (the scheme name in any case), and no answer is a 5xx', async () => {
    for (const op of keyed()) {
      for (const scheme of ['Bearer', 'bearer']) {
        const response = await call(op, `${scheme} ${stack.secrets.apiKey}`);
        expect({
          op: `${op.method} ${op.path}`,
          scheme,
          unauthorised: response.status === 401,
          serverError: response.status >= 500,
        }).toEqual({
          op: `${op.method} ${op.path}`,
          scheme,
          unauthorised: false,
          serverError: false,
        });
      }
    }
  });

  test('anything under /v1/hosting-requests asks for the key before routing, even undeclared methods and paths', async () => {
    for (const [method, path] of [
      ['DELETE', '/v1/hosting-requests/x'],
      ['PUT', '/v1/hosting-requests'],
      ['GET', '/v1/hosting-requests/x/y/z'],
      ['PATCH', '/v1/hosting-requests/x/loa'],
    ] as const) {
      const response = await fetch(`${stack.apiUrl}${path}`, { method });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
    }
  });

  test('only probes, metrics and the document are open; the webhook takes Basic, not the API key', async () => {
    const open = operations.filter((op) => op.security.length === 0).map((op) => `${op.method} ${op.template}`);
    expect(open.sort()).toEqual(['GET /docs', 'GET /healthz', 'GET /metrics', 'GET /openapi.json', 'GET /readyz']);
    const webhook = operations.find((op) => op.template === '/webhooks/bandwidth/orders')!;
    expect(webhook.security).toEqual(['callbackBasic']);
    const withKey = await call(webhook, `Bearer ${stack.secrets.apiKey}`);
    expect(withKey.status).toBe(401);
    expect(withKey.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
  });
});
