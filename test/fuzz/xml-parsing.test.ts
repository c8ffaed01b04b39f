import fc from 'fast-check';
import {
  BandwidthError,
  BandwidthXmlError,
  parseNotification,
  parseOrderNotification,
  type BandwidthClient,
} from '../../bandwidth/index.js';
import { startFakeBandwidth, XML_HEADERS, type FakeBandwidth } from '../bandwidth/bandwidth-test-kit.js';
import { escapedXml, xmlText } from './arbitraries.js';

/*
 * The client reads XML that outsiders write: Bandwidth's answers and callbacks (or whatever claims
 * to be them). Whatever arrives, a caller sees a value or a typed error — never another exception
 * type, a hang or a crash — and values keep their exact text.
 */

const NOTIFICATION_NAMES = [
  'Notification',
  'OrderType',
  'OrderId',
  'CustomerOrderId',
  'Status',
  'Message',
  'Note',
  'SubscriptionId',
  'LastModifiedDate',
  'EventType',
  'ImpactedTelephoneNumbers',
  'CompletedTelephoneNumbers',
  'TelephoneNumbers',
  'TelephoneNumber',
];
const XML_ERROR_CODES = [
  'BANDWIDTH_XML_INVALID',
  'BANDWIDTH_XML_UNSAFE',
  'BANDWIDTH_XML_TOO_LARGE',
  'BANDWIDTH_XML_UNSUPPORTED_ENCODING',
];
const ORDER_NAMES = [
  'ImportTnOrder',
  'ImportTnOrderResponse',
  'OrderId',
  'ProcessingStatus',
  'TelephoneNumbers',
  'TelephoneNumber',
  'Errors',
  'Error',
  'Code',
  'Description',
  'SiteId',
  'ResponseStatus',
  'ErrorCode',
];
const CHECKER_NAMES = [
  'ImportTnCheckerResponse',
  'ImportTnCheckerPayload',
  'TelephoneNumbers',
  'TelephoneNumber',
  'ImportTnErrors',
  'ImportTnError',
  'Code',
  'Description',
];

/** XML-ish documents built from the names a reader looks for, with the constructs attackers use. */
function xmlish(names: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'x:y', '1a', 'a b', '') },
  );
  const leaf = fc.oneof(
    xmlText.chain(escapedXml),
    fc.constantFrom(
      'COMPLETE',
      'importtnorders',
      '0195551234',
      '',
      '&unknown;',
      '&#0;',
      '&#xD800;',
      '&#x110000;',
      '<![CDATA[x<y]]>',
      '<!-- c -->',
      '<?pi x?>',
      '&amp;lt;',
    ),
    fc.string({ maxLength: 12 }),
  );
  const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .tuple(
          name,
          fc.array(tie('node'), { maxLength: 4 }),
          fc.constantFrom('', ' a="1"', " xmlns='urn:x'"),
          fc.boolean(),
        )
        .map(
          ([tag, children, attributes, close]) =>
            `<${tag}${attributes}>${children.join('')}${close ? `</${tag}>` : ''}`,
        ),
    ),
  })).node;
  const prolog = fc.constantFrom(
    '',
    '<?xml version="1.0"?>',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>',
    '<?xml version="1.0" encoding="EBCDIC-FR"?>',
    '\uFEFF',
    '<!DOCTYPE Notification [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  );
  return fc.tuple(prolog, tree, fc.nat({ max: 100 })).map(([head, body, cut]) => {
    const document = `${head}${body}`;
    // Sometimes truncated anywhere, as a dropped connection would leave it.
    return cut < 15 ? document.slice(0, Math.floor((document.length * cut) / 15)) : document;
  });
}

/** Anything at all: text, binary (often invalid UTF-8), XML-ish documents, very deep nesting. */
function anyBody(names: string[]): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }),
    xmlish(names),
    xmlish(names).map((text) => new TextEncoder().encode(text)),
    fc
      .tuple(fc.constantFrom(...names), fc.integer({ min: 50, max: 4000 }))
      .map(([tag, depth]) => `<${tag}>`.repeat(depth) + `</${tag}>`.repeat(depth)),
  );
}

function expectTypedFailure(error: unknown): void {
  if (error instanceof BandwidthXmlError || error instanceof BandwidthError) return;
  throw new Error(
    `expected a BandwidthXmlError or BandwidthError, got ${(error as Error)?.name}: ${(error as Error)?.message}`,
    { cause: error },
  );
}

describe('parseOrderNotification, for any body', () => {
  test('returns a notification or throws BandwidthXmlError, nothing else', () => {
    fc.assert(
      fc.property(anyBody(NOTIFICATION_NAMES), (body) => {
        try {
          const notice = parseOrderNotification(body);
          for (const value of [notice.orderType, notice.orderId, notice.status]) {
            expect(typeof value).toBe('string');
            expect(value.length).toBeGreaterThan(0);
          }
        } catch (error) {
          if (!(error instanceof BandwidthXmlError)) throw error;
          expect(XML_ERROR_CODES).toContain(error.code);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('parseNotification returns one of its four kinds or throws BandwidthXmlError, nothing else', () => {
    fc.assert(
      fc.property(anyBody(NOTIFICATION_NAMES), (body) => {
        try {
          const notice = parseNotification(body);
          expect(['orderStatus', 'orderNote', 'messagingLost', 'unknown']).toContain(notice.kind);
          if (notice.kind === 'messagingLost') expect(notice.telephoneNumbers.length).toBeGreaterThan(0);
          if (notice.kind === 'orderStatus' || notice.kind === 'orderNote')
            expect(notice.orderId.length).toBeGreaterThan(0);
        } catch (error) {
          if (!(error instanceof BandwidthXmlError)) throw error;
          expect(XML_ERROR_CODES).toContain(error.code);
        }
      }),
      { numRuns: 400 },
    );
  });

  test.each(['&#xD800;', '&#xDFFF;', '&#55296;', '&#0;', '&#x1;', '&#xFFFE;', '&#x110000;', '&#99999999999;'])(
    'no decoded value holds a character XML does not allow: %s is kept as written',
    (reference) => {
      const notice = parseOrderNotification(
        `<Notification><OrderType>importtnorders</OrderType><OrderId>o${reference}</OrderId><CustomerOrderId>c${reference}</CustomerOrderId><Status>COMPLETE</Status></Notification>`,
      );
      expect(notice.orderId).toBe(`o${reference}`);
      expect(notice.customerOrderId).toBe(`c${reference}`);
    },
  );

  test('generated notifications round-trip: every field as written, entities and references decoded', () => {
    const notification = fc.record(
      {
        orderType: xmlText,
        orderId: xmlText,
        status: xmlText,
        customerOrderId: xmlText,
        subscriptionId: xmlText,
        message: xmlText,
        note: xmlText,
        lastModifiedDate: xmlText,
      },
      { requiredKeys: ['orderType', 'orderId', 'status'] },
    );
    const element: Record<string, string> = {
      orderType: 'OrderType',
      orderId: 'OrderId',
      status: 'Status',
      customerOrderId: 'CustomerOrderId',
      subscriptionId: 'SubscriptionId',
      message: 'Message',
      note: 'Note',
      lastModifiedDate: 'LastModifiedDate',
    };
    const written = notification.chain((fields) =>
      fc
        .tuple(
          ...Object.entries(fields).map(([key, value]) =>
            escapedXml(value).map((text) => `<${element[key]}>${text}</${element[key]}>`),
          ),
        )
        .chain((parts) => fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }))
        .map((parts) => ({
          fields,
          xml: `<?xml version="1.0" encoding="UTF-8"?>\n<Notification>\n${parts.join('\n')}\n</Notification>`,
        })),
    );
    fc.assert(
      fc.property(written, fc.boolean(), ({ fields, xml }, asBytes) => {
        const notice = parseOrderNotification(asBytes ? new TextEncoder().encode(xml) : xml);
        expect(notice).toEqual({ ...fields, status: fields.status.toUpperCase() });
      }),
      { numRuns: 300 },
    );
  });

  test('ids of digits with leading zeros stay strings, exactly as written', () => {
    const zeroLed = fc
      .string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 18 })
      .map((d) => `0${d}`);
    fc.assert(
      fc.property(zeroLed, zeroLed, (orderId, customerOrderId) => {
        const notice = parseOrderNotification(
          `<Notification><OrderType>importtnorders</OrderType><OrderId>${orderId}</OrderId><CustomerOrderId>${customerOrderId}</CustomerOrderId><Status>complete</Status></Notification>`,
        );
        expect(notice.orderId).toBe(orderId);
        expect(notice.customerOrderId).toBe(customerOrderId);
      }),
    );
  });
});

describe('the client reading Bandwidth answers over HTTP', () => {
  let bandwidth: FakeBandwidth;
  let client: BandwidthClient;

  beforeAll(async () => {
    bandwidth = await startFakeBandwidth();
    client = bandwidth.client({ timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await bandwidth.close();
  });

  const status = fc.oneof(
    { weight: 4, arbitrary: fc.constant(200) },
    { weight: 1, arbitrary: fc.constantFrom(201, 204, 400, 404, 409, 429, 500, 503) },
  );

  test('an order answer of any body and status gives an order or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody(ORDER_NAMES), status, async (body, code) => {
        bandwidth.onAccount('GET', '/importTnOrders/o-1', {
          status: code,
          headers: XML_HEADERS,
          body: Buffer.from(body),
        });
        try {
          const order = await client.getImportOrder('o-1');
          expect(typeof order.orderId).toBe('string');
          expect(Array.isArray(order.telephoneNumbers)).toBe(true);
          expect(order.telephoneNumbers.every((tn) => typeof tn === 'string')).toBe(true);
        } catch (error) {
          expectTypedFailure(error);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('a checker answer of any body and status gives a verdict or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody(CHECKER_NAMES), status, async (body, code) => {
        bandwidth.onAccount('POST', '/importTnChecker', {
          status: code,
          headers: XML_HEADERS,
          body: Buffer.from(body),
        });
        try {
          const verdict = await client.checkImportability({ telephoneNumbers: ['3032281000'] });
          expect(verdict.importable.every((tn) => typeof tn === 'string')).toBe(true);
        } catch (error) {
          expectTypedFailure(error);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('numbers and ids with leading zeros in an order answer stay strings, exactly as written', async () => {
    const zeroLed = (length: number) =>
      fc
        .string({ unit: fc.constantFrom(...'0123456789'), minLength: length - 1, maxLength: length - 1 })
        .map((d) => `0${d}`);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(zeroLed(10), { minLength: 1, maxLength: 5 }),
        zeroLed(6),
        zeroLed(8),
        async (numbers, siteId, code) => {
          bandwidth.onAccount('GET', '/importTnOrders/o-2', {
            headers: XML_HEADERS,
            body:
              `<ImportTnOrder><OrderId>o-2</OrderId><SiteId>${siteId}</SiteId><ProcessingStatus>PARTIAL</ProcessingStatus>` +
              `<TelephoneNumbers>${numbers.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('')}</TelephoneNumbers>` +
              `<Errors><Error><Code>${code}</Code><Description>d</Description><TelephoneNumbers><TelephoneNumber>${numbers[0]}</TelephoneNumber></TelephoneNumbers></Error></Errors></ImportTnOrder>`,
          });
          const order = await client.getImportOrder('o-2');
          expect(order.telephoneNumbers).toEqual(numbers);
          expect(order.siteId).toBe(siteId);
          expect(order.errors).toEqual([{ code, description: 'd', telephoneNumbers: [numbers[0]] }]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('numbers in either form, in either dialect', () => {
  const tenDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 10, maxLength: 10 });

  test.each(['/api', '/api/v2'])(
    '%s: an order answer with +1 or 10-digit numbers reads back as 10 digits',
    async (basePath) => {
      const bandwidth = await startFakeBandwidth({ basePath });
      try {
        const client = bandwidth.client({ timeoutMs: 2_000 });
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(tenDigits, { minLength: 1, maxLength: 5 }),
            fc.boolean(),
            async (numbers, e164) => {
              const written = numbers.map((tn) => (e164 ? `+1${tn}` : tn));
              bandwidth.onAccount(
                'GET',
                basePath === '/api/v2' ? '/importTnOrders/messaging/o-3' : '/importTnOrders/o-3',
                {
                  headers: XML_HEADERS,
                  body:
                    `<ImportTnOrder><OrderId>o-3</OrderId><ProcessingStatus>COMPLETE</ProcessingStatus><TelephoneNumbers>` +
                    written.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('') +
                    `</TelephoneNumbers><Errors/></ImportTnOrder>`,
                },
              );
              const order = await client.getImportOrder('o-3');
              expect(order.telephoneNumbers).toEqual(numbers);
            },
          ),
          { numRuns: 40 },
        );
      } finally {
        await bandwidth.close();
      }
    },
  );
});
