import {
  createHostflowClient,
  HostflowApiError,
  type HostflowClient,
  type HostingRequestView,
  type StartHostingRequestBody,
} from '../../client/index.js';
import { freePort } from '../../scripts/dev-server.js';
import { hostingRequestBody, PDF_BYTES, startStack, type TestStack } from '../helpers/stack.js';
import { freshNumbers, uniqueId } from '../helpers/temporal.js';

const KEY = 'k';
/** Holds every request in CHECKING this long, so a test can act on a request that is still running. */
const SLOW_CHECK_MS = 1_500;

describe('the typed hostflow client against the real stack', () => {
  let stack: TestStack;
  let client: HostflowClient;
  beforeAll(async () => {
    stack = await startStack({ apiKeys: [KEY] });
    client = createHostflowClient({ baseUrl: stack.apiUrl, apiKey: KEY });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const body = (overrides: Record<string, unknown>) => hostingRequestBody(overrides) as StartHostingRequestBody;
  const apiError = async (promise: Promise<unknown>): Promise<HostflowApiError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostflowApiError);
    return error as HostflowApiError;
  };
  /** While it runs, every importability check answers only after SLOW_CHECK_MS. */
  const withSlowCheck = async <T>(run: () => Promise<T>): Promise<T> => {
    stack.sandbox.sandbox.setFaults({ endpoints: { importTnChecker: { latencyMs: SLOW_CHECK_MS } } });
    try {
      return await run();
    } finally {
      stack.sandbox.sandbox.clearFaults();
    }
  };

  test('start, then waitUntilDone resolves COMPLETE with the LOA uploaded, reporting progress on the way', async () => {
    const id = uniqueId('client-complete');
    const [first, second] = freshNumbers(2) as [string, string];
    const started = await client.start(
      body({
        customerOrderId: id,
        telephoneNumbers: [first, `+1${second}`, '4109235436'],
        loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: PDF_BYTES },
      }),
    );
    expect(started).toEqual({
      id,
      workflowId: `hosting-${id}`,
      status: 'CHECKING',
      links: { self: `/v1/hosting-requests/${id}` },
    });

    const seen: HostingRequestView[] = [];
    const final = await client.waitUntilDone(id, { pollIntervalMs: 50, onProgress: (view) => seen.push(view) });

    expect(final.status).toBe('COMPLETE');
    expect(final.numbers).toEqual([
      { telephoneNumber: first, status: 'HOSTED' },
      { telephoneNumber: second, status: 'HOSTED' },
      {
        telephoneNumber: '4109235436',
        status: 'NOT_IMPORTABLE',
        errorCode: '19006',
        errorDescription: 'Bandwidth numbers cannot be imported by this account at this time.',
      },
    ]);
    expect(final.loa).toEqual({ status: 'UPLOADED', filename: expect.stringMatching(/\.pdf$/) });
    // The bytes given to the client arrived at Bandwidth as they were.
    const order = stack.sandbox.sandbox.orders().find((o) => o.customerOrderId === id);
    expect(order?.loas.map((l) => [l.contentType, l.bytes])).toEqual([['application/pdf', PDF_BYTES.length]]);
    expect(seen.at(-1)).toEqual(final);
    expect(new Set(seen.map((v) => JSON.stringify(v))).size).toBe(seen.length);
    expect(await client.get(id)).toEqual(final);
  });

  test('a request with a number Bandwidth refuses inside the order ends PARTIAL, that number FAILED with its code', async () => {
    const id = uniqueId('client-partial');
    const [good] = freshNumbers(1) as [string];
    await client.start(body({ customerOrderId: id, telephoneNumbers: [good, '3032289999'] }));
    const final = await client.waitUntilDone(id, { pollIntervalMs: 50 });
    expect(final.status).toBe('PARTIAL');
    expect(final.numbers).toEqual([
      { telephoneNumber: good, status: 'HOSTED' },
      {
        telephoneNumber: '3032289999',
        status: 'FAILED',
        errorCode: '7518',
        errorDescription: 'Telephone Number Not Active.',
      },
    ]);
  });

  test('an invalid body surfaces as HostflowApiError with the problem fields and one error per invalid field', async () => {
    const error = await apiError(
      client.start(body({ telephoneNumbers: ['3032281000', '12345', '3032281000'], subscriber: { name: 'ABC Inc.' } })),
    );
    expect(error).toMatchObject({
      name: 'HostflowApiError',
      code: 'INVALID_REQUEST',
      status: 400,
      type: 'urn:hostflow:problem:invalid-request',
      title: 'Invalid hosting request',
    });
    expect(error.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['telephoneNumbers[1]', 'telephoneNumbers[2]', 'subscriber.serviceAddress']),
    );
    expect(error.message).toContain('telephoneNumbers[1]');
  });

  test('a wrong API key is a 401 HostflowApiError whose message does not hold the key', async () => {
    const wrong = createHostflowClient({ baseUrl: stack.apiUrl, apiKey: 'not-the-key-s3cret' });
    const error = await apiError(wrong.list());
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(error.message).not.toContain('s3cret');
    const none = await apiError(createHostflowClient({ baseUrl: stack.apiUrl }).get('anything'));
    expect(none.status).toBe(401);
  });

  test('an unknown id is a 404 NOT_FOUND', async () => {
    const error = await apiError(client.get(uniqueId('client-missing')));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, title: 'Not found' });
    await expect(client.waitUntilDone(uniqueId('client-missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('list filters by status and number, pages with limit, and rejects a bad filter with a 400', async () => {
    // A number that fails inside its order is free again once the order ends: a later request may name it.
    const [good] = freshNumbers(1) as [string];
    const number = `${good.slice(0, 6)}9999`;
    const partial = uniqueId('client-list-partial');
    const failed = uniqueId('client-list-failed');
    await client.start(body({ customerOrderId: partial, telephoneNumbers: [good, number] }));
    await client.waitUntilDone(partial, { pollIntervalMs: 50 });
    await client.start(body({ customerOrderId: failed, telephoneNumbers: [number] }));
    await client.waitUntilDone(failed, { pollIntervalMs: 50 });

    const byNumber = await client.list({ telephoneNumber: `+1${number}` });
    // Both ended: the latest end first.
    expect(byNumber.requests.map((r) => r.id)).toEqual([failed, partial]);
    expect(byNumber.requests.find((r) => r.id === partial)).toMatchObject({
      id: partial,
      workflowId: `hosting-${partial}`,
      status: 'PARTIAL',
      siteId: '14413',
      telephoneNumbers: [good, number],
    });

    const partialOnly = await client.list({ status: 'PARTIAL', telephoneNumber: number });
    expect(partialOnly.requests.map((r) => r.id)).toEqual([partial]);

    const first = await client.list({ telephoneNumber: number, limit: 1 });
    expect(first.requests).toHaveLength(1);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await client.list({ telephoneNumber: number, limit: 1, pageToken: first.nextPageToken! });
    expect([...first.requests, ...second.requests].map((r) => r.id)).toEqual([failed, partial]);
    expect(second.nextPageToken).toBeNull();

    const bad = await apiError(client.list({ limit: 5000 }));
    expect(bad).toMatchObject({ code: 'INVALID_QUERY', status: 400 });
    expect(bad.errors).toEqual([{ path: 'limit', message: expect.any(String) }]);
  });

  test('cancel stops a running request, which ends CANCELLED; cancelling it again is a 409', async () => {
    const id = uniqueId('client-cancel');
    const final = await withSlowCheck(async () => {
      await client.start(body({ customerOrderId: id }));
      expect(await client.cancel(id, 'customer withdrew')).toEqual({
        id,
        status: 'CANCELLING',
        links: { self: `/v1/hosting-requests/${id}` },
      });
      return client.waitUntilDone(id, { pollIntervalMs: 50 });
    });
    expect(final.status).toBe('CANCELLED');
    expect(final.cancelRequested).toBe(true);
    expect(stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === id)).toEqual([]);
    await expect(client.cancel(id)).rejects.toMatchObject({
      name: 'HostflowApiError',
      code: 'REQUEST_ENDED',
      status: 409,
    });
  });

  test('an LOA given after the start is uploaded; a wait with a time limit gives up with HOSTFLOW_WAIT_TIMEOUT', async () => {
    const id = uniqueId('client-late-loa');
    const final = await withSlowCheck(async () => {
      await client.start(body({ customerOrderId: id }));
      await expect(client.waitUntilDone(id, { pollIntervalMs: 50, timeoutMs: 200 })).rejects.toMatchObject({
        code: 'HOSTFLOW_WAIT_TIMEOUT',
      });
      const accepted = await client.provideLoa(id, {
        contentType: 'application/pdf',
        filename: 'late.pdf',
        data: PDF_BYTES.toString('base64'),
      });
      expect(accepted).toEqual({ id, loa: { status: 'PENDING' }, links: { self: `/v1/hosting-requests/${id}` } });
      return client.waitUntilDone(id, { pollIntervalMs: 50 });
    });
    expect(final.status).toBe('COMPLETE');
    expect(final.loa.status).toBe('UPLOADED');
  });

  test('ready() is true while Temporal answers; an API nobody listens on is HOSTFLOW_UNREACHABLE with the cause kept', async () => {
    expect(await client.ready()).toBe(true);
    const nowhere = createHostflowClient({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      apiKey: 'unreachable-s3cret',
    });
    const error = await apiError(nowhere.ready());
    expect(error.code).toBe('HOSTFLOW_UNREACHABLE');
    expect(error.status).toBeUndefined();
    // Node's own fetch failure, kept as the cause (its network code is in the message).
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(error.message).toMatch(/^cannot reach hostflow at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    expect(error.message).not.toContain('s3cret');
  });

  test('a base URL that is not http(s) is refused when the client is made', () => {
    expect(() => createHostflowClient({ baseUrl: 'localhost:3000' })).toThrow(
      expect.objectContaining({ code: 'HOSTFLOW_INVALID_OPTIONS' }),
    );
  });
});
