import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { WorkflowHandle } from '@temporalio/client';
import { createApp } from '../../api/app.js';
import { MAX_NOTIFICATION_BYTES } from '../../api/routes/webhooks.js';
import { createTemporalGateway } from '../../api/temporal-gateway.js';
import { createLogger } from '../../logging/logger.js';
import { createTestRecords, testKeyring } from '../helpers/database.js';
import { connectTemporal, startWaitingRequest, uniqueId, type TemporalTestKit } from '../helpers/temporal.js';

/*
 * The webhook is the one door Bandwidth — or anyone who finds the URL — walks through. Every bad
 * body must get a 4xx problem (400, 401, 413 or 415), never a 5xx; the process must stay healthy;
 * and no signal may reach the request the body names.
 */

const CREDENTIALS = { username: 'bandwidth', password: 'fuzz-callback-secret' };
const BASIC = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64')}`;
const BAD_INPUT_STATUSES = [400, 401, 413, 415];

const notification = (customerOrderId: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><Notification><SubscriptionId>sub-1</SubscriptionId><OrderType>importtnorders</OrderType>` +
  `<OrderId>b05de7e6-0cab-4c83-81bb-9379cba8efd0</OrderId><CustomerOrderId>${customerOrderId}</CustomerOrderId>` +
  `<Status>COMPLETE</Status><Message>Import TN order has completed.</Message>${extra}</Notification>`;

describe('POST /webhooks/bandwidth/orders with hostile bodies', () => {
  let temporal: TemporalTestKit;
  let server: Server;
  let url: string;
  let waiting: { id: string; handle: WorkflowHandle };
  let testRecords: Awaited<ReturnType<typeof createTestRecords>>;
  const taskQueue = uniqueId('webhook-fuzz');

  beforeAll(async () => {
    temporal = await connectTemporal();
    const keyring = testKeyring();
    testRecords = await createTestRecords(keyring);
    const app = createApp({
      gateway: createTemporalGateway({ client: temporal.client, taskQueue }),
      records: testRecords.records,
      keyring,
      logger: createLogger({ name: 'test', level: 'silent' }),
      config: {
        apiKeys: ['k'],
        webhook: CREDENTIALS,
        orderWait: { pollInitialIntervalMs: 300_000, pollMaxIntervalMs: 3_600_000 },
      },
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A request waiting for its notification: on a task queue no worker polls, so it stays open
    // and its history shows every signal that reaches it.
    waiting = await startWaitingRequest(temporal.client, taskQueue, 'fuzz-target');
  });

  afterAll(async () => {
    await waiting?.handle.terminate().catch(() => undefined);
    server?.closeAllConnections();
    server?.close();
    await temporal?.close();
    await testRecords?.close();
  });

  async function send(body: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${url}/webhooks/bandwidth/orders`, {
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/xml; charset=utf-8', ...headers },
      body,
    });
  }

  async function expectRefused(response: Response, what: string): Promise<void> {
    const text = await response.text();
    if (!BAD_INPUT_STATUSES.includes(response.status))
      throw new Error(`${what}: expected 400/401/413/415, got ${response.status} ${text.slice(0, 200)}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as { type: string; title: string; status: number };
    expect(problem.status).toBe(response.status);
    expect(problem.type).toMatch(/^urn:hostflow:problem:/);
    expect(problem.title.length).toBeGreaterThan(0);
  }

  /** A 4xx problem, or a 2xx that says the body was ignored (well-formed, nothing to act on). */
  async function expectRefusedOrIgnored(response: Response, what: string): Promise<void> {
    if (response.status === 202) {
      const outcome = ((await response.json()) as { outcome: string }).outcome;
      if (outcome !== 'ignored' && outcome !== 'unknown') throw new Error(`${what}: accepted as ${outcome}`);
      return;
    }
    await expectRefused(response, what);
  }

  async function signalsReceived(): Promise<number> {
    const history = await waiting.handle.fetchHistory();
    return (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes).length;
  }

  const valid = () => notification(waiting.id);
  const bytes = (...parts: Array<string | number[]>) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  /** A complete notification for the waiting request whose Message holds these raw bytes. */
  const inMessage = (raw: number[]) => {
    const [before, after] = valid().split('</Message>') as [string, string];
    return bytes(before, raw, `</Message>${after}`);
  };

  /** Each names the waiting request, so a mistaken acceptance would show up as a signal (checked last). */
  const corpus: Array<[string, () => Uint8Array | string, Record<string, string>?]> = [
    ['not XML', () => `status=COMPLETE&customerOrderId=${waiting.id}`],
    ['an empty body', () => ''],
    ['only whitespace', () => ' \n\t '],
    ['truncated in a tag', () => valid().slice(0, valid().indexOf('<Status>') + 4)],
    ['truncated in the last closing tag', () => valid().slice(0, -3)],
    ['two roots', () => valid() + valid().replace('<?xml version="1.0" encoding="UTF-8"?>', '')],
    [
      'a DTD with an external entity',
      () =>
        `<?xml version="1.0"?><!DOCTYPE Notification [<!ENTITY x SYSTEM "file:///etc/passwd">]>${valid().replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace('<Message>', '<Message>&x;')}`,
    ],
    [
      'a parameter entity from the network',
      () =>
        `<?xml version="1.0"?><!DOCTYPE n [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>${valid().replace('<?xml version="1.0" encoding="UTF-8"?>', '')}`,
    ],
    [
      'billion laughs',
      () =>
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>` +
        valid().replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace('<Message>', '<Message>&lol9;'),
    ],
    ['a lower-case doctype', () => `<!doctype Notification>${valid()}`],
    [
      'deeply nested elements (5000 levels)',
      () =>
        `<Notification>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}<CustomerOrderId>${waiting.id}</CustomerOrderId></Notification>`,
    ],
    ['binary garbage', () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)],
    ['invalid UTF-8 inside a notification', () => inMessage([0xff, 0xfe, 0xc3, 0x28])],
    ['an overlong UTF-8 encoding', () => inMessage([0xc0, 0xbc])],
    ['an encoded surrogate (CESU-8)', () => inMessage([0xed, 0xa0, 0x80])],
    ['UTF-16 bytes (no byte order mark) under a UTF-8 declaration', () => Buffer.from(valid(), 'utf16le')],
    [
      'one byte over 64 KiB',
      () => valid().replace('<Message>', `<Message>${'x'.repeat(MAX_NOTIFICATION_BYTES - valid().length + 1)}`),
    ],
    ['a huge body (4 MiB)', () => valid().replace('<Message>', `<Message>${'x'.repeat(4 * 1024 * 1024)}`)],
    [
      'a gzip bomb (64 MiB inflated)',
      () => gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
      { 'content-encoding': 'gzip' },
    ],
    ['an unknown content encoding', () => valid(), { 'content-encoding': 'x-custom' }],
    ['an unknown charset', () => 'abc', { 'content-type': 'text/xml; charset=x-unknown-9' }],
    [
      'JSON sent as JSON',
      () =>
        JSON.stringify({ OrderType: 'importtnorders', CustomerOrderId: waiting.id, Status: 'COMPLETE', OrderId: 'o' }),
      { 'content-type': 'application/json' },
    ],
    [
      'a form',
      () => `OrderType=importtnorders&CustomerOrderId=${waiting.id}&Status=COMPLETE&OrderId=o`,
      { 'content-type': 'application/x-www-form-urlencoded' },
    ],
    [
      'multipart',
      () => `--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n${valid()}\r\n--b--\r\n`,
      { 'content-type': 'multipart/form-data; boundary=b' },
    ],
    ['HTML', () => `<html><body>${waiting.id}</body></html>`, { 'content-type': 'text/html' }],
    ['no credentials', () => valid(), { authorization: '' }],
    [
      'wrong password',
      () => valid(),
      { authorization: `Basic ${Buffer.from(`${CREDENTIALS.username}:nope`).toString('base64')}` },
    ],
    ['a bearer token instead of Basic', () => valid(), { authorization: 'Bearer k' }],
    ['malformed Basic', () => valid(), { authorization: 'Basic %%%not-base64%%%' }],
  ];

  test.each(corpus)('%s: a 4xx problem', async (what, body, headers = {}) => {
    await expectRefused(await send(body(), headers), what);
  });

  /**
   * Well-formed, but nothing to act on: Bandwidth never sends a callback twice, so these get a 2xx
   * (logged, ignored) rather than a 4xx that would lose a real one of a newer kind — but no signal.
   */
  const ignored: Array<[string, () => string]> = [
    ['no Status and no Note', () => valid().replace('<Status>COMPLETE</Status>', '')],
    ['no OrderType', () => valid().replace('<OrderType>importtnorders</OrderType>', '')],
    [
      'a Notification nested in a Notification',
      () => `<Notification>${valid().replace('<?xml version="1.0" encoding="UTF-8"?>', '')}</Notification>`,
    ],
  ];
  test.each(ignored)('%s: a 2xx that signals nothing', async (what, body) => {
    await expectRefusedOrIgnored(await send(body()), what);
  });

  test.each(['&#xD800;', '&#xDFFF;', '&#0;', '&#x1;', '&#xFFFE;'])(
    'a reference to a non-character (%s) in CustomerOrderId is an order this service does not know, not a 5xx',
    async (reference) => {
      const response = await send(notification(`${waiting.id}${reference}`));
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ outcome: 'unknown' });
    },
  );

  test('generated corruptions of a notification for the waiting request: a 4xx problem, or ignored', async () => {
    // Each corruption breaks the document a different way; none leaves a notification to act on.
    const corruption = fc.oneof(
      fc.nat().map((cut) => (xml: string) => xml.slice(0, 1 + (cut % (xml.length - 2)))),
      fc.nat().map((at) => (xml: string) => {
        const i = xml.indexOf('<Notification>') + 1 + (at % (xml.length - xml.indexOf('<Notification>') - 2));
        return `${xml.slice(0, i)}<${xml.slice(i)}`;
      }),
      fc
        .constantFrom('OrderType', 'OrderId', 'Status')
        .map((tag) => (xml: string) => xml.replace(new RegExp(`<${tag}>[^<]*</${tag}>`), '')),
      fc
        .constantFrom(
          '<!DOCTYPE n>',
          '<!DOCTYPE n SYSTEM "file:///etc/passwd">',
          '<!ENTITY e "x">',
          '<!DOCTYPE n PUBLIC "-//x//y" "http://127.0.0.1:9/d">',
        )
        .map((dtd) => (xml: string) => xml.replace('<Notification>', `${dtd}<Notification>`)),
      fc.integer({ min: 2, max: 4 }).map((times) => (xml: string) => xml.repeat(times)),
      fc
        .constantFrom('Notification', 'ImportTnOrder', 'data')
        .map((root) => (xml: string) => `<${root}>${xml.replace(/<\?xml[^>]*\?>/, '')}</${root}>`),
    );
    const contentType = fc.constantFrom(
      'application/xml',
      'text/xml; charset=utf-8',
      'application/json',
      'text/plain',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      '',
    );
    const encoding = fc.constantFrom<'utf8' | 'bad-bytes' | 'oversized'>('utf8', 'utf8', 'bad-bytes', 'oversized');
    await fc.assert(
      fc.asyncProperty(
        fc.array(corruption, { minLength: 1, maxLength: 3 }),
        contentType,
        encoding,
        async (corruptions, type, form) => {
          let xml = valid();
          for (const corrupt of corruptions) xml = corrupt(xml);
          let body: Uint8Array = Buffer.from(xml);
          if (form === 'bad-bytes')
            body = bytes(xml.slice(0, xml.length >> 1), [0xed, 0xa0, 0x80], xml.slice(xml.length >> 1));
          if (form === 'oversized') body = Buffer.concat([body, Buffer.alloc(MAX_NOTIFICATION_BYTES, 0x20)]);
          const headers: Record<string, string> = type ? { 'content-type': type } : {};
          await expectRefusedOrIgnored(await send(body, headers), JSON.stringify(xml.slice(0, 300)));
        },
      ),
      { numRuns: 60 },
    );
  });

  test('afterwards the process is healthy and the waiting request received no signal', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await signalsReceived()).toBe(0);
    // The same process still takes a good notification: the door was never broken, only closed.
    const accepted = await send(valid());
    expect(accepted.status).toBe(200);
    expect(await signalsReceived()).toBe(1);
  });
});
