import type { HostingRequestView } from '../../workflows/types.js';
import { hostingRequestBody, PDF_BYTES, startStack, type TestStack } from '../helpers/stack.js';
import { eventually, uniqueId } from '../helpers/temporal.js';

const TERMINAL = ['COMPLETE', 'PARTIAL', 'FAILED', 'NOTHING_IMPORTABLE', 'CANCELLED'];

/** API → workflow → sandbox → webhook (with Bandwidth's challenge) → signal → LOA upload. */
describe('a hosting request end to end', () => {
  let stack: TestStack;
  const KEY = 'e2e-key';
  beforeAll(async () => {
    // A safety-net poll far longer than the test: the request can only end through the webhook.
    stack = await startStack({
      apiKeys: [KEY],
      orderWait: { pollInitialIntervalMs: 3_600_000, pollMaxIntervalMs: 3_600_000 },
    });
  });
  afterAll(async () => {
    await stack.stop();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...init.headers },
    });

  test('the contract example with an LOA ends COMPLETE through the webhook, with one order and one LOA', async () => {
    const id = uniqueId('e2e');
    const created = await api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(
        hostingRequestBody({
          customerOrderId: id,
          telephoneNumbers: ['3032281000', '+13032280004', '4109235436'],
          loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: PDF_BYTES.toString('base64') },
        }),
      ),
    });
    expect(created.status).toBe(202);

    const view = await eventually(
      async () => {
        const response = await api(`/v1/hosting-requests/${id}`);
        const body = (await response.json()) as HostingRequestView;
        return TERMINAL.includes(body.status) ? body : undefined;
      },
      30_000,
      'request end',
    );

    expect(view.status).toBe('COMPLETE');
    expect(view.orderStatus).toBe('COMPLETE');
    expect(view.numbers).toEqual([
      { telephoneNumber: '3032281000', status: 'HOSTED' },
      { telephoneNumber: '3032280004', status: 'HOSTED' },
      {
        telephoneNumber: '4109235436',
        status: 'NOT_IMPORTABLE',
        errorCode: '19006',
        errorDescription: 'Bandwidth numbers cannot be imported by this account at this time.',
      },
    ]);
    expect(view.loa).toEqual({
      status: 'UPLOADED',
      filename: expect.stringMatching(new RegExp(`^${view.orderId}-\\d+\\.pdf$`)),
    });

    const orders = stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === id);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.loas).toHaveLength(1);
    // Bandwidth's flow: first without credentials, challenged, then with them — and delivered.
    const deliveries = stack.sandbox.sandbox.notifications().filter((n) => n.orderId === view.orderId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.delivered).toBe(true);
    expect(deliveries[0]!.attempts.map((a) => [a.withCredentials, a.httpStatus])).toEqual([
      [false, 401],
      [true, 200],
    ]);
  });
});
