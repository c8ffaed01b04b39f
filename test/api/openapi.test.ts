import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { hostingRequestBody, PDF_BYTES, startStack, type TestStack } from '../helpers/stack.js';
import { uniqueId } from '../helpers/temporal.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};

/**
 * The document is generated from the schemas the API uses; these tests prove it is valid
 * OpenAPI 3.1 and that every answer the running API gives matches what it says.
 */
describe('GET /openapi.json', () => {
  let stack: TestStack;
  let doc: Doc;
  let ajv: Ajv2020;
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  beforeAll(async () => {
    stack = await startStack({
      apiKeys: ['doc-key'],
      orderWait: { pollInitialIntervalMs: 3_600_000, pollMaxIntervalMs: 3_600_000, loaWaitMs: 60_000 },
    });
    const response = await fetch(`${stack.apiUrl}/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as Doc;
    ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    ajv.addSchema({ ...doc, $id: 'openapi.json' } as object);
  });
  afterAll(async () => {
    await stack.stop();
  });

  /** Checks a real answer against the document's schema for that operation and status. */
  async function conforms(response: Response, path: string, method: string): Promise<Record<string, unknown>> {
    const status = String(response.status);
    const spec = doc.paths[path]?.[method]?.responses[status];
    if (!spec) throw new Error(`${method.toUpperCase()} ${path} answered ${status}, which the document does not list`);
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
    const media = spec.content?.[type];
    if (!media)
      throw new Error(`${method.toUpperCase()} ${path} ${status} answered ${type}, which the document does not list`);
    const body = (await response.json()) as Record<string, unknown>;
    const pointer = `openapi.json#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${status}/content/${type.replace('/', '~1')}/schema`;
    const validate = ajv.getSchema(pointer)!;
    if (!validate(body))
      throw new Error(
        `${method.toUpperCase()} ${path} ${status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`,
      );
    return body;
  }

  test('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });

  test('a readable page lists every operation of the document', async () => {
    const response = await fetch(`${stack.apiUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods))
        expect(page).toContain(`<td><code>${method.toUpperCase()}</code></td><td><code>${path}</code></td>`);
    }
  });

  test("every answer of a request's life matches the document", async () => {
    const id = uniqueId('doc');
    const item = '/v1/hosting-requests/{id}';
    await conforms(
      await stack.api('/v1/hosting-requests', {
        method: 'POST',
        body: JSON.stringify(
          hostingRequestBody({ customerOrderId: id, telephoneNumbers: ['3032281000', '4109235436'] }),
        ),
      }),
      '/v1/hosting-requests',
      'post',
    );
    await conforms(await stack.api(`/v1/hosting-requests/${id}`), item, 'get');
    const done = await stack.waitFor(id, (v) => v.status === 'COMPLETE');
    expect(done.loa.status).toBe('NONE');
    await conforms(await stack.api(`/v1/hosting-requests/${id}`), item, 'get');
    await conforms(
      await stack.api(`/v1/hosting-requests/${id}/loa`, {
        method: 'POST',
        body: JSON.stringify({
          contentType: 'application/pdf',
          filename: 'loa.pdf',
          data: PDF_BYTES.toString('base64'),
        }),
      }),
      `${item}/loa`,
      'post',
    );
    await stack.waitFor(id, (v) => v.loa.status === 'UPLOADED');
    await conforms(await stack.api('/v1/hosting-requests?limit=5'), '/v1/hosting-requests', 'get');
    await conforms(
      await stack.api(`/v1/hosting-requests/${id}/cancel`, { method: 'POST', body: '{}' }),
      `${item}/cancel`,
      'post',
    );

    const other = uniqueId('doc');
    await stack.api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(hostingRequestBody({ customerOrderId: other, telephoneNumbers: ['3032281001'] })),
    });
    await stack.waitFor(other, (v) => v.status === 'AWAITING_ORDER' || v.status === 'COMPLETE');
    const cancelled = await conforms(
      await stack.api(`/v1/hosting-requests/${other}/cancel`, {
        method: 'POST',
        body: JSON.stringify({ reason: 'customer withdrew' }),
      }),
      `${item}/cancel`,
      'post',
    );
    expect(cancelled.status).toBe('CANCELLING');
  });

  test('every refusal matches the document', async () => {
    await conforms(
      await stack.api('/v1/hosting-requests', {
        method: 'POST',
        body: JSON.stringify(hostingRequestBody({ telephoneNumbers: ['123'] })),
      }),
      '/v1/hosting-requests',
      'post',
    );
    await conforms(
      await stack.api('/v1/hosting-requests', { method: 'POST', body: '{oops' }),
      '/v1/hosting-requests',
      'post',
    );
    await conforms(
      await fetch(`${stack.apiUrl}/v1/hosting-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
      '/v1/hosting-requests',
      'post',
    );
    await conforms(await stack.api('/v1/hosting-requests/nobody-here'), '/v1/hosting-requests/{id}', 'get');
    await conforms(await stack.api('/v1/hosting-requests?limit=0'), '/v1/hosting-requests', 'get');
    await conforms(
      await stack.api('/v1/hosting-requests/nobody-here/cancel', { method: 'POST', body: '{"reason": 5}' }),
      '/v1/hosting-requests/{id}/cancel',
      'post',
    );
    await conforms(
      await stack.api('/v1/hosting-requests/nobody-here/loa', { method: 'POST', body: '{}' }),
      '/v1/hosting-requests/{id}/loa',
      'post',
    );
  });

  test('the webhook and health answers match the document', async () => {
    const hook = '/webhooks/bandwidth/orders';
    const notification = (orderId: string, customerOrderId: string) =>
      `<Notification><OrderType>importtnorders</OrderType><OrderId>${orderId}</OrderId><CustomerOrderId>${customerOrderId}</CustomerOrderId><Status>COMPLETE</Status></Notification>`;
    const post = (body: string, authorization?: string) =>
      fetch(`${stack.apiUrl}${hook}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', ...(authorization ? { authorization } : {}) },
        body,
      });
    const auth = basic(stack.webhook.username, stack.webhook.password);
    await conforms(await post(notification('o', 'c')), hook, 'post');
    await conforms(await post(notification('unknown', uniqueId('none')), auth), hook, 'post');
    await conforms(await post('<Notification>', auth), hook, 'post');
    await conforms(await post(`<Notification><Note>${'x'.repeat(70_000)}</Note></Notification>`, auth), hook, 'post');
    await conforms(await fetch(`${stack.apiUrl}/healthz`), '/healthz', 'get');
    await conforms(await fetch(`${stack.apiUrl}/readyz`), '/readyz', 'get');
  });
});
