import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../api/app.js';
import { createTemporalGateway } from '../../api/temporal-gateway.js';
import { createLogger } from '../../logging/logger.js';
import { createTestRecords, testKeyring } from '../helpers/database.js';
import { workflowIdFor } from '../../workflows/ids.js';
import { hostingRequestBody } from '../helpers/stack.js';
import { connectTemporal, freshNumbers, uniqueId, type TemporalTestKit } from '../helpers/temporal.js';

/**
 * The API against the real dev server with no worker polling its task queue: a request that is
 * accepted exists as a workflow; one that is refused must not.
 */
describe('POST/GET /v1/hosting-requests', () => {
  let temporal: TemporalTestKit;
  let server: Server;
  let url: string;
  let dataDir: string;
  let testRecords: Awaited<ReturnType<typeof createTestRecords>>;
  const taskQueue = uniqueId('api-test');
  const KEY = 'test-api-key';

  beforeAll(async () => {
    temporal = await connectTemporal();
    dataDir = await mkdtemp(join(tmpdir(), 'hostflow-api-'));
    const keyring = testKeyring();
    testRecords = await createTestRecords(keyring);
    const app = createApp({
      gateway: createTemporalGateway({ client: temporal.client, taskQueue }),
      records: testRecords.records,
      keyring,
      logger: createLogger({ name: 'test', level: 'silent' }),
      config: {
        apiKeys: [KEY, 'second-key'],
        webhook: undefined,
        orderWait: { pollInitialIntervalMs: 300_000, pollMaxIntervalMs: 3_600_000 },
      },
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await temporal.close();
    await testRecords.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, key: string | null = KEY, contentType = 'application/json') =>
    fetch(`${url}/v1/hosting-requests`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const exists = async (id: string) => {
    const response = await fetch(`${url}/v1/hosting-requests/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    return response.status !== 404;
  };

  async function expectProblem(response: Response, status: number, paths: string[]) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as {
      status: number;
      title: string;
      errors?: Array<{ path: string; message: string }>;
    };
    expect(body.status).toBe(status);
    expect(body.title).toEqual(expect.any(String));
    expect((body.errors ?? []).map((e) => e.path).sort()).toEqual([...paths].sort());
    return body;
  }

  test.each([
    ['a 9-digit number', { telephoneNumbers: ['3032281000', '303228100'] }, ['telephoneNumbers[1]']],
    ['a duplicated number', { telephoneNumbers: ['3032281000', '+13032281000'] }, ['telephoneNumbers[1]']],
    ['no numbers', { telephoneNumbers: [] }, ['telephoneNumbers']],
    ['numbers that are not a list', { telephoneNumbers: '3032281000' }, ['telephoneNumbers']],
    [
      'a 3-letter state code',
      {
        subscriber: {
          name: 'ABC Inc.',
          serviceAddress: { houseNumber: '1', streetName: 'Back', city: 'Denver', stateCode: 'COL', zip: '27541' },
        },
      },
      ['subscriber.serviceAddress.stateCode'],
    ],
    ['a 41-character customerOrderId', { customerOrderId: 'x'.repeat(41) }, ['customerOrderId']],
    ['a customerOrderId with punctuation', { customerOrderId: 'order#1' }, ['customerOrderId']],
    [
      'a missing subscriber and authorizing person',
      { subscriber: undefined, loaAuthorizingPerson: undefined },
      ['subscriber', 'loaAuthorizingPerson'],
    ],
    [
      'an LOA of a type Bandwidth refuses',
      { loa: { contentType: 'application/zip', filename: 'loa.zip', data: 'UEsDBA==' } },
      ['loa.contentType'],
    ],
    [
      'an LOA that is not base64',
      { loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: 'not base64!' } },
      ['loa.data'],
    ],
  ])('%s is refused with 400 naming the field, and nothing starts', async (_name, overrides, paths) => {
    const id = uniqueId('bad');
    const response = await post(hostingRequestBody({ customerOrderId: id, ...overrides }));
    await expectProblem(response, 400, paths);
    expect(await exists(id)).toBe(false);
  });

  test('every invalid number is named, not only the first', async () => {
    const response = await post(hostingRequestBody({ telephoneNumbers: ['123', '3032281000', '3032281000', 'abc'] }));
    await expectProblem(response, 400, ['telephoneNumbers[0]', 'telephoneNumbers[2]', 'telephoneNumbers[3]']);
  });

  test('malformed JSON is a 400 problem, not a 500', async () => {
    const response = await post('{not json');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  test('a body that is not JSON is refused with 415', async () => {
    const response = await post('telephoneNumbers=3032281000', KEY, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(415);
  });

  test('a valid request is accepted with 202, its numbers normalised to 10 digits and searchable', async () => {
    const id = uniqueId('ok');
    const [a, b] = freshNumbers(2) as [string, string];
    const response = await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: [`+1${a}`, b] }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      id,
      workflowId: workflowIdFor(id),
      status: 'CHECKING',
      links: { self: `/v1/hosting-requests/${id}` },
    });
    const description = await temporal.client.workflow.getHandle(workflowIdFor(id)).describe();
    expect(description.searchAttributes.TelephoneNumbers).toEqual([a, b]);
    expect(description.searchAttributes.CustomerOrderId).toEqual([id]);
    expect(description.searchAttributes.HostingStatus).toEqual(['CHECKING']);
  });

  test('a request id that exists already answers 409', async () => {
    const id = uniqueId('dup');
    expect((await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(1) }))).status).toBe(
      202,
    );
    const again = await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(1) }));
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/problem\+json/);
  });

  test("without a customerOrderId an id is generated within Bandwidth's alphabet", async () => {
    const response = await post(hostingRequestBody({ telephoneNumbers: freshNumbers(1) }));
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^[A-Za-z0-9 -]{1,40}$/);
  });

  test('requests are listed newest first, filtered by status and by number', async () => {
    const older = uniqueId('list');
    const newer = uniqueId('list');
    const [shared, other] = freshNumbers(2) as [string, string];
    expect((await post(hostingRequestBody({ customerOrderId: older, telephoneNumbers: [shared] }))).status).toBe(202);
    // Its own id, and a number the older request holds: refused, so the list shows only what was accepted.
    const refused = await post(
      hostingRequestBody({ customerOrderId: uniqueId('list'), telephoneNumbers: [other, shared] }),
    );
    expect(refused.status).toBe(409);
    expect((await post(hostingRequestBody({ customerOrderId: newer, telephoneNumbers: [other] }))).status).toBe(202);
    const list = async (query: string) => {
      const response = await fetch(`${url}/v1/hosting-requests?${query}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        requests: Array<{ id: string; status: string; telephoneNumbers: string[] }>;
        nextPageToken: string | null;
      };
    };
    const byNumber = await list(`telephoneNumber=%2B1${shared}&status=CHECKING`);
    expect(byNumber.requests.map((r) => r.id)).toEqual([older]);
    expect(byNumber.requests[0]).toMatchObject({ status: 'CHECKING', telephoneNumbers: [shared] });

    const ours = new Set([older, newer]);
    const firstPage = await list('status=CHECKING&limit=1');
    expect(firstPage.nextPageToken).not.toBeNull();
    // Newest first: walk the pages until both are seen, newer before older.
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const page = await list(`status=CHECKING&limit=2${token ? `&pageToken=${token}` : ''}`);
      seen.push(...page.requests.map((r) => r.id).filter((id) => ours.has(id)));
      token = page.nextPageToken;
    } while (token && seen.length < 2);
    expect(seen).toEqual([newer, older]);
    // A token is bound to its filter.
    const elsewhere = await fetch(`${url}/v1/hosting-requests?pageToken=${firstPage.nextPageToken}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(elsewhere.status).toBe(400);
  });

  test.each([['status=DONE'], ['limit=0'], ['limit=5000'], ['telephoneNumber=123']])(
    'a list query %s is a 400 problem',
    async (query) => {
      const response = await fetch(`${url}/v1/hosting-requests?${query}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(response.status).toBe(400);
    },
  );

  test('an unknown id is 404', async () => {
    const response = await fetch(`${url}/v1/hosting-requests/${uniqueId('nope')}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(response.status).toBe(404);
  });

  test.each([
    ['no Authorization header', null],
    ['a wrong key', 'wrong-key'],
  ])('%s is 401 on every /v1 route', async (_name, key: string | null) => {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    expect((await post(hostingRequestBody(), key)).status).toBe(401);
    expect((await fetch(`${url}/v1/hosting-requests/x`, { headers })).status).toBe(401);
  });

  test('any of the configured keys is accepted', async () => {
    expect((await post(hostingRequestBody({ telephoneNumbers: freshNumbers(1) }), 'second-key')).status).toBe(202);
  });

  test('a number pending in another running request is refused with 409 naming it and the request', async () => {
    const [held, free] = freshNumbers(2) as [string, string];
    const first = uniqueId('holder');
    expect((await post(hostingRequestBody({ customerOrderId: first, telephoneNumbers: [held] }))).status).toBe(202);
    const id = uniqueId('second');
    const response = await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: [free, held] }));
    const body = await expectProblem(response, 409, ['telephoneNumbers[1]']);
    expect(body.errors![0]!.message).toBe(`${held} is pending in running request ${JSON.stringify(first)}`);
    // Nothing of the refused request was kept: its id and its free number are still free.
    expect(await exists(id)).toBe(false);
    expect((await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: [free] }))).status).toBe(202);
  });

  test('with no worker at all, a running request is read from the record', async () => {
    const id = uniqueId('read');
    const numbers = freshNumbers(2);
    expect((await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: numbers }))).status).toBe(202);
    const response = await fetch(`${url}/v1/hosting-requests/${id}`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id,
      status: 'CHECKING',
      attention: null,
      numbers: numbers.map((telephoneNumber) => ({ telephoneNumber, status: 'PENDING' })),
    });
    const number = await fetch(`${url}/v1/telephone-numbers/+1${numbers[0]}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(await number.json()).toMatchObject({
      telephoneNumber: numbers[0],
      status: 'PENDING',
      requestId: id,
      orderId: null,
    });
  });

  test('the LOA comes back byte for byte, with its type and name', async () => {
    const id = uniqueId('loa');
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    const loa = { contentType: 'application/pdf', filename: 'Signed LOA é.pdf', data: bytes.toString('base64') };
    expect(
      (await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(1), loa }))).status,
    ).toBe(202);
    const response = await fetch(`${url}/v1/hosting-requests/${id}/loa`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Signed LOA _.pdf"; filename*=UTF-8''Signed%20LOA%20%C3%A9.pdf`,
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    // A request without one answers 404; so does a number never seen, and a malformed number is 400.
    const none = uniqueId('noloa');
    expect((await post(hostingRequestBody({ customerOrderId: none, telephoneNumbers: freshNumbers(1) }))).status).toBe(
      202,
    );
    const headers = { authorization: `Bearer ${KEY}` };
    expect((await fetch(`${url}/v1/hosting-requests/${none}/loa`, { headers })).status).toBe(404);
    expect((await fetch(`${url}/v1/telephone-numbers/${freshNumbers(1)[0]}`, { headers })).status).toBe(404);
    const malformed = await fetch(`${url}/v1/telephone-numbers/303228100`, { headers });
    await expectProblem(malformed, 400, ['tn']);
  });

  test('health and readiness answer without a key', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});
