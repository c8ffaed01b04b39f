import { request } from 'node:http';
import { startConfiguredStack, type ConfiguredStack } from '../../fuzz/configured-stack.js';
import { temporalAddress } from '../helpers/temporal.js';
import { codecOperations, documentedOperations, type Operation } from './operations.js';

/*
 * Every route that reads a body reads at most its limit and answers 413 in problem+json beyond it
 * (never a 500, never buffering without end); routes that take no body never read one. The routes
 * come from the running API's document, plus /codec when this build mounts it.
 */

/** Larger than every limit: the create and LOA bodies (~16 MB, room for a 10 MB LOA) included. */
const OVERSIZED = 20 * 1024 * 1024;

describe('body size limits', () => {
  let stack: ConfiguredStack;
  let operations: Operation[];

  beforeAll(async () => {
    stack = await startConfiguredStack({ temporalAddress: temporalAddress(), withWorker: false });
    operations = [...(await documentedOperations(stack.apiUrl)), ...(await codecOperations(stack.apiUrl))];
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const credentialsFor = (op: Operation): Record<string, string> =>
    op.security.includes('apiKey')
      ? { authorization: `Bearer ${stack.secrets.apiKey}` }
      : op.security.includes('callbackBasic')
        ? {
            authorization: `Basic ${Buffer.from(`${stack.secrets.webhook.username}:${stack.secrets.webhook.password}`).toString('base64')}`,
          }
        : {};

  /** A JSON (or XML) body that is well-formed up to the point where it is too long. */
  const oversized = (op: Operation) => {
    const xml = op.template.startsWith('/webhooks/');
    const head = xml ? '<Notification><Note>' : '{"padding":"';
    return {
      body: Buffer.concat([Buffer.from(head), Buffer.alloc(OVERSIZED, 0x61)]),
      type: xml ? 'application/xml' : 'application/json',
    };
  };

  test('every route with a body answers 413 problem+json for an oversized one', async () => {
    const withBody = operations.filter((op) => op.hasBody);
    expect(withBody.map((op) => `${op.method} ${op.template}`)).toEqual(
      expect.arrayContaining([
        'POST /v1/hosting-requests',
        'POST /v1/hosting-requests/{id}/cancel',
        'POST /v1/hosting-requests/{id}/loa',
        'POST /webhooks/bandwidth/orders',
      ]),
    );
    for (const op of withBody) {
      const { body, type } = oversized(op);
      const response = await fetch(`${stack.apiUrl}${op.path}`, {
        method: op.method,
        headers: { 'content-type': type, ...credentialsFor(op) },
        body,
      });
      const text = await response.text();
      expect({
        op: `${op.method} ${op.template}`,
        status: response.status,
        type: response.headers.get('content-type'),
      }).toEqual({
        op: `${op.method} ${op.template}`,
        status: 413,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(JSON.parse(text)).toMatchObject({ status: 413, type: 'urn:hostflow:problem:body-too-large' });
    }
  });

  test('the same oversized bodies sent with content encoding (gzip bombs) are cut at the inflated size', async () => {
    const { gzipSync } = await import('node:zlib');
    for (const op of operations.filter((o) => o.hasBody)) {
      const { body, type } = oversized(op);
      const response = await fetch(`${stack.apiUrl}${op.path}`, {
        method: op.method,
        headers: { 'content-type': type, 'content-encoding': 'gzip', ...credentialsFor(op) },
        body: gzipSync(body),
      });
      expect({ op: `${op.method} ${op.template}`, status: response.status }).toEqual({
        op: `${op.method} ${op.template}`,
        status: 413,
      });
    }
  });

  test('without credentials an oversized body gets 401: authentication comes before the body parser', async () => {
    for (const op of operations.filter((o) => o.hasBody && o.security.length > 0)) {
      const { body, type } = oversized(op);
      const response = await fetch(`${stack.apiUrl}${op.path}`, {
        method: op.method,
        headers: { 'content-type': type },
        body,
      });
      expect({ op: `${op.method} ${op.template}`, status: response.status }).toEqual({
        op: `${op.method} ${op.template}`,
        status: 401,
      });
    }
  });

  test('routes that take no body never read one (2 MiB): they answer or close, never with a 5xx', async () => {
    const bodyless = operations.filter((op) => !op.hasBody);
    expect(bodyless.length).toBeGreaterThanOrEqual(5);
    for (const op of bodyless) {
      // Node may answer and then reset the connection while the unread body is still being sent.
      const status = await new Promise<number | 'reset'>((resolveStatus) => {
        let answered: number | undefined;
        const req = request(`${stack.apiUrl}${op.path}`, {
          method: op.method,
          headers: { 'content-type': 'application/json', ...credentialsFor(op) },
        });
        req.on('response', (res) => {
          answered = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => resolveStatus(answered!));
        });
        req.on('error', () => resolveStatus(answered ?? 'reset'));
        req.end(Buffer.alloc(2 * 1024 * 1024, 0x20));
      });
      expect({ op: `${op.method} ${op.template}`, serverError: typeof status === 'number' && status >= 500 }).toEqual({
        op: `${op.method} ${op.template}`,
        serverError: false,
      });
    }
  });

  test('after all of it the process is healthy', async () => {
    expect((await fetch(`${stack.apiUrl}/healthz`)).status).toBe(200);
    expect(stack.errorLines()).toEqual([]);
  });
});
