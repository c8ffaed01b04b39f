import { XMLParser } from 'fast-xml-parser';
import { SandboxOptionsError, startSandbox } from '../../sandbox/index.js';
import { behaviours, parseXml, sandboxFixture, statusesUntilEnd, waitFor, type BandwidthCaller } from './helpers.js';
import { orderRequest, SEED_CHECKER_ANSWER, SEED_CHECKER_REQUEST, SEED_ORDER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false });
type OrderedNode = Record<string, OrderedNode[]>;

/** The names of an element's children in document order, the element found by its path from the root. */
function childOrder(text: string, ...path: string[]): string[] {
  let nodes = (ordered.parse(text) as OrderedNode[]).filter((node) => !('?xml' in node));
  for (const name of path) {
    const found = nodes.find((node) => name in node);
    if (!found) throw new Error(`no <${name}> in ${text}`);
    nodes = found[name]!;
  }
  return nodes.flatMap((node) => Object.keys(node).filter((key) => key !== '#text'));
}

const checkerRequest = (numbers: string[]) =>
  `<ImportTnCheckerPayload><TelephoneNumbers>${numbers.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('')}</TelephoneNumbers></ImportTnCheckerPayload>`;

const startVaried = (options: Parameters<typeof fixture.start>[0] = {}) =>
  fixture.start({ dialect: 'varied', ...options });

async function createdOrderText(
  caller: BandwidthCaller,
  body = SEED_ORDER_REQUEST,
): Promise<{ orderId: string; text: string; root: string }> {
  const answer = await caller.post('importTnOrders', body);
  expect(answer.status).toBe(201);
  const root = Object.keys(answer.xml)[0]!;
  return { orderId: answer.xml[root].ImportTnOrder.OrderId, text: answer.text, root };
}

describe('the seed dialect (the default)', () => {
  test("the create answer has the seed's root and elements, without Country, AddressType or LoaType", async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    const { root, text } = await createdOrderText(caller);
    expect(root).toBe('ImportTnOrderResponse');
    expect(childOrder(text, 'ImportTnOrderResponse', 'ImportTnOrder')).toEqual([
      'CustomerOrderId',
      'OrderCreateDate',
      'AccountId',
      'CreatedByUser',
      'OrderId',
      'LastModifiedDate',
      'SiteId',
      'SipPeerId',
      'Subscriber',
      'LoaAuthorizingPerson',
      'TelephoneNumbers',
      'ProcessingStatus',
      'Errors',
    ]);
    expect(childOrder(text, 'ImportTnOrderResponse', 'ImportTnOrder', 'Subscriber', 'ServiceAddress')).toEqual([
      'HouseNumber',
      'StreetName',
      'City',
      'StateCode',
      'Zip',
      'County',
    ]);
  });

  test('an invalid number refuses the check with sibling <Errors>; an N11 area code is not a valid NANPA number', async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnChecker', checkerRequest(['9115550100', '3032281000']));
    expect(answer.status).toBe(400);
    expect(answer.xml.ImportTnCheckerResponse.Errors).toEqual([
      { Code: '7201', Description: '9115550100 is not a valid NANPA telephone number.' },
    ]);
  });
});

describe('the varied dialect', () => {
  test('an unknown dialect is refused when the sandbox starts', async () => {
    await expect(startSandbox({ dialect: 'real' as never })).rejects.toThrow(SandboxOptionsError);
  });

  test('the create answer has the plural root, extra elements, and <SipPeerId> right after <Errors/>', async () => {
    const caller = await startVaried({ stepDelayMs: 5_000 });
    const { root, text, orderId } = await createdOrderText(caller);
    expect(root).toBe('ImportTnOrdersResponse');
    const order = parseXml(text).ImportTnOrdersResponse.ImportTnOrder;
    expect(order).toMatchObject({
      OrderId: orderId,
      CustomerOrderId: 'marktestorders',
      SipPeerId: '521952',
      LoaType: 'SUBSCRIBER',
      ProcessingStatus: 'RECEIVED',
      Subscriber: { ServiceAddress: { County: 'Canyon', Country: 'United States', AddressType: 'Service' } },
    });
    const names = childOrder(text, 'ImportTnOrdersResponse', 'ImportTnOrder');
    expect(names[names.indexOf('Errors') + 1]).toBe('SipPeerId');
  });

  test('element order differs from the seed and between answers, yet the same answer repeats exactly', async () => {
    const seed = await fixture.start({ stepDelayMs: 5_000 });
    const varied = await startVaried({ stepDelayMs: 5_000 });
    const seedOrder = childOrder((await createdOrderText(seed)).text, 'ImportTnOrderResponse', 'ImportTnOrder');
    const created = await createdOrderText(varied);
    const variedOrder = childOrder(created.text, 'ImportTnOrdersResponse', 'ImportTnOrder');
    const common = (names: string[], other: string[]) => names.filter((name) => other.includes(name));
    expect(common(variedOrder, seedOrder)).not.toEqual(common(seedOrder, variedOrder));

    const fetched = await varied.get(`importTnOrders/${created.orderId}`);
    const again = await varied.get(`importTnOrders/${created.orderId}`);
    expect(fetched.text).toBe(again.text);
    expect(childOrder(fetched.text, 'ImportTnOrder')).not.toEqual(variedOrder);
  });

  test('optional elements the order lacks are left out, not sent empty', async () => {
    const caller = await startVaried({ stepDelayMs: 5_000 });
    const body = orderRequest(['3032281000'], null)
      .replace('<SipPeerId>521952</SipPeerId>', '')
      .replace('<County>Canyon</County>', '');
    const { orderId } = await createdOrderText(caller, body);
    const fetched = await caller.get(`importTnOrders/${orderId}`);
    for (const name of ['CustomerOrderId', 'SipPeerId', 'County']) expect(fetched.text).not.toContain(`<${name}`);
    expect(fetched.xml.ImportTnOrder.Subscriber.ServiceAddress).toMatchObject({
      Country: 'United States',
      AddressType: 'Service',
    });
  });

  test('a PARTIAL order is a 200 with per-number <Errors><Error>; its history is lower case', async () => {
    const caller = await startVaried();
    const { orderId } = await createdOrderText(caller, orderRequest(['3032281000', '3032289999']));
    expect((await statusesUntilEnd(caller, orderId)).pop()).toBe('PARTIAL');
    const fetched = await caller.get(`importTnOrders/${orderId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.xml.ImportTnOrder.Errors).toEqual([
      {
        Error: [
          {
            Code: '7518',
            Description: 'Telephone Number Not Active.',
            TelephoneNumbers: { TelephoneNumber: ['3032289999'] },
          },
        ],
      },
    ]);
    const history = await caller.get(`importTnOrders/${orderId}/history`);
    expect(history.xml.OrderHistoryWrapper.OrderHistory.map((entry: { Status: string }) => entry.Status)).toEqual([
      'received',
      'processing',
      'partial',
    ]);
  });

  test('list summaries keep their mixed-case names, in another order than the seed writes them', async () => {
    const caller = await startVaried({ stepDelayMs: 5_000 });
    await createdOrderText(caller);
    const list = await caller.get('importTnOrders?customerOrderId=marktestorders');
    const seedNames = [
      'accountId',
      'CountOfTNs',
      'CustomerOrderId',
      'userId',
      'lastModifiedDate',
      'OrderDate',
      'OrderType',
      'OrderStatus',
      'OrderId',
    ];
    const names = childOrder(list.text, 'ImportTnOrders', 'ImportTnOrderSummary');
    expect([...names].sort()).toEqual([...seedNames].sort());
    expect(names).not.toEqual(seedNames);
    expect(list.xml.ImportTnOrders.ImportTnOrderSummary[0]).toMatchObject({
      OrderType: 'import_tn_orders',
      OrderStatus: 'RECEIVED',
    });
  });

  test("a check means what the seed's does; a refused one comes in the <ResponseStatus> shape", async () => {
    const caller = await startVaried();
    const answer = await caller.post('importTnChecker', SEED_CHECKER_REQUEST);
    expect(answer.status).toBe(200);
    expect(answer.xml).toEqual(parseXml(SEED_CHECKER_ANSWER));

    const refused = await caller.post('importTnChecker', checkerRequest(['9115550100', '3032281000']));
    expect(refused.status).toBe(400);
    expect(refused.xml).toEqual({
      ImportTnCheckerResponse: {
        ResponseStatus: { ErrorCode: '7201', Description: '9115550100 is not a valid NANPA telephone number.' },
      },
    });
  });

  test('an order notification carries the same fields, in another order', async () => {
    const caller = await startVaried();
    const receiver = await fixture.callbackServer(behaviours.accept());
    await caller.subscribe(receiver.url);
    const { orderId } = await createdOrderText(caller, orderRequest(['3032281000']));
    const [received] = await waitFor(() => receiver.received.length > 0 && receiver.received, 'the notification');
    expect(received!.notification).toMatchObject({
      OrderId: orderId,
      OrderType: 'importtnorders',
      CustomerOrderId: 'marktestorders',
      Status: 'COMPLETE',
    });
    const seedOrder = [
      'SubscriptionId',
      'OrderType',
      'OrderId',
      'CustomerOrderId',
      'Status',
      'Message',
      'Note',
      'LastModifiedDate',
    ];
    const names = childOrder(received!.body, 'Notification');
    expect([...names].sort()).toEqual([...seedOrder].sort());
    expect(names).not.toEqual(seedOrder);
  });
});

describe('the request log', () => {
  test('records each API call with its endpoint, status and auth scheme, never credentials', async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    await caller.post('importTnChecker', SEED_CHECKER_REQUEST);
    await caller.post('importTnChecker', SEED_CHECKER_REQUEST, { authorization: null });
    await caller.inspect('orders');
    const log = await caller.inspect<Array<Record<string, unknown>>>('requests');
    expect(log).toEqual([
      {
        receivedAtMs: expect.any(Number),
        method: 'POST',
        path: `/api/accounts/${caller.running.accountId}/importTnChecker`,
        endpoint: 'importTnChecker',
        status: 200,
        auth: 'basic',
      },
      {
        receivedAtMs: expect.any(Number),
        method: 'POST',
        path: `/api/accounts/${caller.running.accountId}/importTnChecker`,
        status: 401,
        auth: 'none',
      },
    ]);
    expect(JSON.stringify(log)).not.toContain(Buffer.from('sandbox:sandbox').toString('base64'));
  });

  test('shows which issued token a Bearer call used, and the tokens issued, never the tokens themselves', async () => {
    const caller = await fixture.start({
      oauthClient: { clientId: 'id', clientSecret: 'secret', tokenTtlSeconds: 30 },
    });
    const tokenAnswer = await fetch(caller.running.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('id:secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
    const answer = await caller.get('importTnOrders', { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);

    const log = await caller.inspect<Array<Record<string, unknown>>>('requests');
    expect(log.map((entry) => [entry.endpoint, entry.status, entry.auth, entry.tokenSerial])).toEqual([
      ['token', 200, 'basic', undefined],
      ['listOrders', 200, 'bearer', 1],
    ]);
    const issued = await caller.inspect<Array<{ serial: number; issuedAtMs: number; expiresAtMs: number }>>('tokens');
    expect(issued).toEqual([{ serial: 1, issuedAtMs: expect.any(Number), expiresAtMs: expect.any(Number) }]);
    expect(issued[0]!.expiresAtMs - issued[0]!.issuedAtMs).toBe(30_000);
    expect(JSON.stringify([log, issued])).not.toContain(token);
  });

  test('a 429 entry carries the X-RateLimit-Reset it was sent with; reset empties the log', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ rateLimit: { endpoint: 'importTnChecker', burst: 1, resetAfterMs: 60_000 } });
    await caller.post('importTnChecker', SEED_CHECKER_REQUEST);
    const limited = await caller.post('importTnChecker', SEED_CHECKER_REQUEST);
    expect(limited.status).toBe(429);
    const entries = caller.running.sandbox.requests();
    expect(entries.map((entry) => entry.status)).toEqual([200, 429]);
    expect(entries[1]!.rateLimitReset).toBe(limited.headers.get('x-ratelimit-reset'));
    expect(entries[0]!.rateLimitReset).toBeUndefined();
    caller.running.sandbox.reset();
    expect(caller.running.sandbox.requests()).toEqual([]);
  });
});
