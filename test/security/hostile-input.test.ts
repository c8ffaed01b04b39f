import { MAX_NUMBERS_PER_REQUEST } from '../../api/hosting-request-schema.js';
import { startConfiguredStack, type ConfiguredStack } from '../../fuzz/configured-stack.js';
import { hostingRequestBody } from '../helpers/stack.js';
import { temporalAddress } from '../helpers/temporal.js';

/*
 * Inputs an attacker shapes to break the server rather than the validation: paths that do not
 * decode, JSON nested past any parser's stack, prototype keys, forged page tokens, requests
 * within the body limit but beyond what Temporal stores. Each must be a 4xx problem.
 */

describe('hostile input to the HTTP API', () => {
  let stack: ConfiguredStack;
  const headers = () => ({ 'content-type': 'application/json', authorization: `Bearer ${stack.secrets.apiKey}` });

  beforeAll(async () => {
    stack = await startConfiguredStack({ temporalAddress: temporalAddress(), withWorker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
    const text = await response.text();
    expect({ status: response.status, body: text.slice(0, 300) }).toEqual({ status, body: expect.any(String) });
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return JSON.parse(text) as Record<string, unknown>;
  }

  test.each(['%C0%AF', '%ED%A0%80', '%FF', '%E2%82', 'a%'])(
    'an id that is not percent-encoded UTF-8 (%s) is a 404 problem on every id route',
    async (id) => {
      for (const [method, suffix] of [
        ['GET', ''],
        ['POST', '/cancel'],
        ['POST', '/loa'],
      ] as const) {
        const response = await fetch(`${stack.apiUrl}/v1/hosting-requests/${id}${suffix}`, {
          method,
          headers: headers(),
          ...(method === 'POST' ? { body: '{}' } : {}),
        });
        await expectProblem(response, 404);
      }
    },
  );

  test('JSON nested past the parser stack is a 400 problem', async () => {
    for (const body of ['['.repeat(3_000_000), `${'{"a":'.repeat(500_000)}1${'}'.repeat(500_000)}`]) {
      const response = await fetch(`${stack.apiUrl}/v1/hosting-requests`, { method: 'POST', headers: headers(), body });
      await expectProblem(response, 400);
    }
  });

  test('prototype keys in a body are refused and pollute nothing', async () => {
    const body =
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"telephoneNumbers":["3032281000"]}';
    await expectProblem(
      await fetch(`${stack.apiUrl}/v1/hosting-requests`, { method: 'POST', headers: headers(), body }),
      400,
    );
    await expectProblem(
      await fetch(`${stack.apiUrl}/v1/hosting-requests/x/cancel`, { method: 'POST', headers: headers(), body }),
      400,
    );
    // The API runs in this process: a polluted Object.prototype would show here.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a forged pageToken is a 400 problem, promptly (not a 503 that tells the caller to retry)', async () => {
    // Tokens of the right alphabet that Temporal did not issue. Temporal answers UNKNOWN
    // "something went wrong, please retry", which must not reach the caller as "unavailable".
    for (const token of ['AAAA', 'CgA', 'abc-_', 'A'.repeat(400)]) {
      const started = Date.now();
      const response = await fetch(`${stack.apiUrl}/v1/hosting-requests?pageToken=${token}`, { headers: headers() });
      const problem = await expectProblem(response, 400);
      expect(problem.type).not.toBe('urn:hostflow:problem:temporal-unavailable');
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  test('the most numbers a request may hold are stored; one more is a 400 problem, never a 500 from Temporal', async () => {
    // Well within the ~16 MB body limit either way; past the cap the workflow input would near
    // Temporal's 2 MB payload limit, where a start fails inside Temporal instead.
    const numbers = (count: number) =>
      Array.from({ length: count }, (_, i) => `303${String(2_000_000 + i).padStart(7, '0')}`);
    const post = (count: number) =>
      fetch(`${stack.apiUrl}/v1/hosting-requests`, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify(hostingRequestBody({ telephoneNumbers: numbers(count) })),
      });
    const atCap = await post(MAX_NUMBERS_PER_REQUEST);
    expect({ status: atCap.status, body: (await atCap.text()).slice(0, 200) }).toEqual({
      status: 202,
      body: expect.any(String),
    });
    const problem = await expectProblem(await post(MAX_NUMBERS_PER_REQUEST + 1), 400);
    expect(problem.errors).toEqual([
      { path: 'telephoneNumbers', message: expect.stringContaining(String(MAX_NUMBERS_PER_REQUEST)) },
    ]);
    await expectProblem(await post(200_000), 400);
  });

  test('none of it left an unhandled error in the logs', () => {
    expect(stack.errorLines()).toEqual([]);
  });
});
