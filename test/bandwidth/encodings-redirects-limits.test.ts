import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import {
  BandwidthError,
  BandwidthXmlError,
  ORDER_TOO_LARGE_CODES,
  type ImportOrderInput,
} from '../../bandwidth/index.js';
import { redirectRefusal } from '../../bandwidth/transport.js';
import {
  BASIC_HEADER,
  XML_HEADERS,
  fixture,
  fixtureBytes,
  rejectionOf,
  startFakeBandwidth,
  type FakeBandwidth,
} from './bandwidth-test-kit.js';
import { startRecordingServer } from './recording-server.js';

let bandwidth: FakeBandwidth;
const ORDER_ID = '021a94f5-5c55-401f-9cdc-8dca059ad7c1';

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
});
afterAll(async () => {
  await bandwidth.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
});

const order: ImportOrderInput = {
  customerOrderId: 'big-order',
  siteId: '14413',
  subscriber: {
    name: 'ABC Inc.',
    serviceAddress: { houseNumber: '1', streetName: 'Back', city: 'Denver', stateCode: 'CO', zip: '27541' },
  },
  loaAuthorizingPerson: 'markmacc',
  telephoneNumbers: ['3032281000'],
};

describe('XML bodies are decoded by their declaration', () => {
  test('an ISO-8859-1 order document reads "Café" right, whatever the Content-Type says', async () => {
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, {
      status: 200,
      headers: XML_HEADERS,
      body: fixtureBytes('import-tn-order-latin1.xml'),
    });

    const read = await bandwidth.client().getImportOrder(ORDER_ID);

    expect(read).toMatchObject({
      orderId: ORDER_ID,
      processingStatus: 'COMPLETE',
      subscriberName: 'Café Olé ±',
      customerOrderId: 'café-order',
      telephoneNumbers: ['9198675309'],
    });
  });

  test('the same document read as UTF-8 would be invalid: the declaration is what makes it readable', () => {
    const bytes = fixtureBytes('import-tn-order-latin1.xml');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  });

  test('an encoding the client does not know is a BandwidthXmlError with its own code', async () => {
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-complete.xml').replace(
        '<?xml version="1.0"?>',
        '<?xml version="1.0" encoding="EBCDIC-FR"?>',
      ),
    });

    const error = await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID));

    expect(error).toBeInstanceOf(BandwidthXmlError);
    expect(error).toMatchObject({
      code: 'BANDWIDTH_XML_UNSUPPORTED_ENCODING',
      retryable: false,
      endpoint: 'GET /importTnOrders/{orderId}',
    });
    expect(error.message).toContain('EBCDIC-FR');
  });

  test.each([
    ['bytes invalid in the default UTF-8', Buffer.from([0x3c, 0x61, 0x3e, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]), 'UTF-8'],
    [
      'a byte above 0x7F in declared US-ASCII',
      Buffer.concat([
        Buffer.from('<?xml version="1.0" encoding="US-ASCII"?><a>'),
        Buffer.from([0xe9]),
        Buffer.from('</a>'),
      ]),
      'US-ASCII',
    ],
  ])('%s is BANDWIDTH_XML_INVALID naming the encoding', async (_what, body, encoding) => {
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, { status: 200, headers: XML_HEADERS, body });

    const error = await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID));

    expect(error).toMatchObject({ name: 'BandwidthXmlError', code: 'BANDWIDTH_XML_INVALID' });
    expect(error.message).toContain(encoding);
  });

  test('UTF-16 with its byte order mark, windows-1252 and single-quoted declarations read too', async () => {
    const document = (name: string) =>
      `<ImportTnOrder><OrderId>${ORDER_ID}</OrderId><ProcessingStatus>COMPLETE</ProcessingStatus><Subscriber><Name>${name}</Name></Subscriber><Errors/></ImportTnOrder>`;
    const cases: Array<[Buffer, string]> = [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(document('Zoë ☎'), 'utf16le')]), 'Zoë ☎'],
      [
        Buffer.concat([
          Buffer.from("<?xml version='1.0' encoding='windows-1252'?>"),
          Buffer.from(document('Price \u0000'), 'latin1').map((byte) => (byte === 0 ? 0x80 : byte)),
        ]),
        'Price €',
      ],
      [Buffer.from(`<?xml version="1.0" encoding="latin1"?>${document('Ångström')}`, 'latin1'), 'Ångström'],
    ];
    for (const [body, name] of cases) {
      bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, { status: 200, headers: XML_HEADERS, body });
      await expect(bandwidth.client().getImportOrder(ORDER_ID)).resolves.toMatchObject({ subscriberName: name });
    }
  });

  test('an error body in ISO-8859-1 keeps its description readable', async () => {
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, {
      status: 400,
      headers: XML_HEADERS,
      body: Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-1"?><ImportTnOrderResponse><ResponseStatus><ErrorCode>5016</ErrorCode>' +
          '<Description>Le SiteId soumis est invalide (é)</Description></ResponseStatus></ImportTnOrderResponse>',
        'latin1',
      ),
    });

    await expect(bandwidth.client().getImportOrder(ORDER_ID)).rejects.toMatchObject({
      code: 'BANDWIDTH_BAD_REQUEST',
      errors: [{ code: '5016', description: 'Le SiteId soumis est invalide (é)' }],
    });
  });
});

describe('redirects: same-host reads only, bounded', () => {
  test.each([301, 302, 303, 307, 308])(
    'a GET answered %i to the same host is followed, credentials and all',
    async (status) => {
      bandwidth.onAccount('GET', '/importTnOrders', {
        status,
        headers: { location: `${bandwidth.accountPath('/importTnOrders')}/page?page=2&size=100` },
      });
      bandwidth.onAccount('GET', '/importTnOrders/page', {
        status: 200,
        headers: XML_HEADERS,
        body: fixture('import-tn-order-list.xml'),
      });

      const summaries = await bandwidth.client().listImportOrders({ customerOrderId: 'marktestorders' });

      expect(summaries.length).toBeGreaterThan(0);
      expect(bandwidth.requests).toHaveLength(2);
      expect(bandwidth.requests[1]?.query.get('page')).toBe('2');
      expect(bandwidth.requests[1]?.query.has('customerOrderId')).toBe(false);
      expect(bandwidth.requests[1]?.headers.authorization).toBe(BASIC_HEADER);
    },
  );

  test('a POST answered 307 is not re-sent anywhere', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 307,
      headers: { location: bandwidth.accountPath('/importTnOrders/elsewhere') },
    });

    const error = await rejectionOf(bandwidth.client().createImportOrder(order));

    expect(error).toMatchObject({ code: 'BANDWIDTH_UNEXPECTED_RESPONSE', status: 307, retryable: false });
    expect(error.message).toContain('only reads follow redirects');
    expect(bandwidth.requests).toHaveLength(1);
  });

  test('a redirect to another host is refused and the other host never sees the credentials', async () => {
    const elsewhere = await startRecordingServer();
    try {
      bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, {
        status: 302,
        headers: { location: `${elsewhere.origin.replace('127.0.0.1', 'localhost')}/steal` },
      });

      const error = await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID));

      expect(error).toMatchObject({ code: 'BANDWIDTH_UNEXPECTED_RESPONSE', status: 302 });
      expect(error.message).toContain('another host (localhost)');
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  test('a redirect loop stops after 5 hops; maxRedirects 0 follows none', async () => {
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, {
      status: 302,
      headers: { location: bandwidth.accountPath(`/importTnOrders/${ORDER_ID}`) },
    });

    const error = await rejectionOf(bandwidth.client().getImportOrder(ORDER_ID));
    expect(error).toMatchObject({ code: 'BANDWIDTH_UNEXPECTED_RESPONSE', status: 302 });
    expect(error.message).toContain('more than 5 redirects');
    expect(bandwidth.requests).toHaveLength(6);

    bandwidth.requests.length = 0;
    await expect(bandwidth.client({ maxRedirects: 0 }).getImportOrder(ORDER_ID)).rejects.toMatchObject({
      code: 'BANDWIDTH_UNEXPECTED_RESPONSE',
    });
    expect(bandwidth.requests).toHaveLength(1);
  });

  test('a redirect without Location is refused', async () => {
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, { status: 301 });

    await expect(bandwidth.client().getImportOrder(ORDER_ID)).rejects.toThrow(/no Location header/);
  });

  test.each([
    ['GET', 'https://dashboard.bandwidth.com/api/a', 'https://dashboard.bandwidth.com/api/b?page=2', undefined],
    ['HEAD', 'http://127.0.0.1:4010/api/a', 'https://127.0.0.1/api/a', undefined],
    [
      'GET',
      'https://dashboard.bandwidth.com/api/a',
      'http://dashboard.bandwidth.com/api/a',
      'changes the scheme to http',
    ],
    ['GET', 'https://dashboard.bandwidth.com/api/a', 'https://evil.example/api/a', 'another host (evil.example)'],
    [
      'GET',
      'https://dashboard.bandwidth.com/api/a',
      'https://dashboard.bandwidth.com:8443/api/a',
      'another port (8443)',
    ],
    [
      'GET',
      'https://dashboard.bandwidth.com/api/a',
      'https://u:p@dashboard.bandwidth.com/api/a',
      'carries credentials',
    ],
    ['DELETE', 'https://dashboard.bandwidth.com/api/a', 'https://dashboard.bandwidth.com/api/b', 'only reads'],
  ])('%s %s → %s: %s', (method, from, to, refusal) => {
    const found = redirectRefusal(method, new URL(from), new URL(to));
    if (refusal === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(refusal);
  });
});

describe("Bandwidth's per-order limit is a typed error the caller can split on", () => {
  test('7314 on create is BANDWIDTH_ORDER_TOO_LARGE with the maximum Bandwidth named', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('error-order-too-large-7314.xml'),
    });

    const error = (await rejectionOf(bandwidth.client().createImportOrder(order))) as BandwidthError;

    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      code: 'BANDWIDTH_ORDER_TOO_LARGE',
      status: 400,
      retryable: false,
      maxNumbersPerOrder: 5000,
      errors: [{ code: '7314' }],
    });
    expect(error.message).toContain('split the order');
  });

  test('5095 on a removal is the same error', async () => {
    bandwidth.onAccount('POST', '/removeImportedTnOrders', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('error-order-too-large-5095.xml'),
    });

    await expect(
      bandwidth.client().createRemoveImportedTnOrder({ telephoneNumbers: ['3032281000'] }),
    ).rejects.toMatchObject({ code: 'BANDWIDTH_ORDER_TOO_LARGE', maxNumbersPerOrder: 5000 });
  });

  test('a limit error without a number still says too large; other 400s stay BANDWIDTH_BAD_REQUEST', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 400,
      headers: XML_HEADERS,
      body: '<ImportTnOrderResponse><Errors><Code>5095</Code><Description>too many</Description></Errors></ImportTnOrderResponse>',
    });
    const error = (await rejectionOf(bandwidth.client().createImportOrder(order))) as BandwidthError;
    expect(error.code).toBe('BANDWIDTH_ORDER_TOO_LARGE');
    expect(error.maxNumbersPerOrder).toBeUndefined();

    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('error-order-create-failed.xml'),
    });
    await expect(bandwidth.client().createImportOrder(order)).rejects.toMatchObject({ code: 'BANDWIDTH_BAD_REQUEST' });
  });

  test('an order read back FAILED for its size keeps the codes callers look for', async () => {
    bandwidth.onAccount('GET', `/importTnOrders/${ORDER_ID}`, {
      status: 200,
      headers: XML_HEADERS,
      body:
        `<ImportTnOrder><OrderId>${ORDER_ID}</OrderId><ProcessingStatus>FAILED</ProcessingStatus><Errors><Error>` +
        '<Code>5095</Code><Description>The count of telephone numbers in order exceeds the maximum size of 5000.' +
        '</Description></Error></Errors></ImportTnOrder>',
    });

    const read = await bandwidth.client().getImportOrder(ORDER_ID);

    expect(read.errors.some((error) => ORDER_TOO_LARGE_CODES.includes(error.code))).toBe(true);
  });
});
