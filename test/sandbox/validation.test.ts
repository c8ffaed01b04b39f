import { sandboxFixture } from './helpers.js';
import { orderRequest, SEED_ORDER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

// Codes as errors.mdx gives them meaning (the porting family's 71xx for the subscriber and LOA
// fields, 5095/5093 from the import order's error table, 25110/25131 from the external-TN one).
describe('importTnOrders refuses what Bandwidth refuses, with the code that means it', () => {
  const cases: Array<[string, string, string, string]> = [
    ['SiteId missing', SEED_ORDER_REQUEST.replace('<SiteId>14413</SiteId>', ''), '7309', 'not supplied'],
    [
      'SiteId not a number',
      SEED_ORDER_REQUEST.replace('<SiteId>14413</SiteId>', '<SiteId>abc</SiteId>'),
      '5016',
      'SiteId',
    ],
    ['SipPeerId not a number', SEED_ORDER_REQUEST.replace('521952', 'peer'), '7312', 'sippeer'],
    ['CustomerOrderId with other characters', orderRequest(['3032281000'], 'order_1!'), '7318', 'Customer order ID'],
    ['CustomerOrderId over 40 characters', orderRequest(['3032281000'], 'a'.repeat(41)), '7318', 'Max length is 40'],
    [
      'LoaAuthorizingPerson missing',
      SEED_ORDER_REQUEST.replace('<LoaAuthorizingPerson>markmacc</LoaAuthorizingPerson>', ''),
      '7115',
      'LOA authorizing person',
    ],
    [
      'LoaType unknown',
      SEED_ORDER_REQUEST.replace('</LoaAuthorizingPerson>', '</LoaAuthorizingPerson><LoaType>OWNER</LoaType>'),
      '25110',
      'LoaType',
    ],
    ['no numbers', orderRequest([]), '7316', 'At least one telephone number'],
    ['an invalid number', orderRequest(['303228100']), '7201', 'not a valid NANPA telephone number'],
    ['a duplicate number', orderRequest(['3032281000', '3032281000']), '5093', 'duplicate'],
    ['Subscriber missing', SEED_ORDER_REQUEST.replace(/<Subscriber>[\s\S]*<\/Subscriber>/, ''), '7104', 'Subscriber'],
    ['Subscriber Name missing', SEED_ORDER_REQUEST.replace('<Name>ABC Inc.</Name>', ''), '7105', 'subscriber name'],
    ['Subscriber Name over 45 characters', SEED_ORDER_REQUEST.replace('ABC Inc.', 'A'.repeat(46)), '25131', '45'],
    ['HouseNumber missing', SEED_ORDER_REQUEST.replace('<HouseNumber>11235</HouseNumber>', ''), '7108', 'house number'],
    ['City missing', SEED_ORDER_REQUEST.replace('<City>Denver</City>', ''), '7110', 'city'],
    ['Zip missing', SEED_ORDER_REQUEST.replace('<Zip>27541</Zip>', ''), '7112', 'zip'],
    [
      'StateCode not two letters',
      SEED_ORDER_REQUEST.replace('<StateCode>CO</StateCode>', '<StateCode>Colorado</StateCode>'),
      '12543',
      'Colorado',
    ],
  ];

  test.each(cases)('%s → 400 FAILED with the code that means it, and no order', async (_name, body, code, wording) => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnOrders', body);
    expect(answer.status).toBe(400);
    const refusal = answer.xml.ImportTnOrderResponse;
    expect(refusal.ProcessingStatus).toBe('FAILED');
    const found = refusal.Errors.find((error: { Code: string }) => error.Code === code);
    expect(found?.Description).toEqual(expect.stringContaining(wording));
    expect(await caller.inspect('orders')).toEqual([]);
  });

  test('the 400 is flat, as numbers.yml shows it: FAILED and sibling <Errors> under the root, nothing echoed', async () => {
    const caller = await fixture.start();
    const body = orderRequest(['303228100'], 'bad_id').replace('<SiteId>14413</SiteId>', '');
    const answer = await caller.post('importTnOrders', body);
    expect(answer.xml).toEqual({
      ImportTnOrderResponse: {
        ProcessingStatus: 'FAILED',
        Errors: [
          { Code: '7318', Description: expect.stringContaining('Customer order ID is invalid') },
          { Code: '7309', Description: 'The site id was not supplied or is invalid.' },
          { Code: '7201', Description: '303228100 is not a valid NANPA telephone number.' },
        ],
      },
    });
    expect(answer.text).not.toContain('<ImportTnOrder>');
  });

  test('malformed XML is 400 with a ResponseStatus error (1019, bad request)', async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnOrders', '<ImportTnOrder><SiteId>1</ImportTnOrder>');
    expect(answer.status).toBe(400);
    expect(answer.xml.ImportTnOrderResponse.ResponseStatus.ErrorCode).toBe('1019');
  });
});

describe('the order size limit', () => {
  const numbers = (count: number) => Array.from({ length: count }, (_, i) => `30322${String(i).padStart(5, '0')}`);

  test('an order over the configured maximum is refused with 5095, naming the maximum; one at it is taken', async () => {
    const caller = await fixture.start({ maxNumbersPerOrder: 3, stepDelayMs: 5_000 });
    const refused = await caller.post('importTnOrders', orderRequest(numbers(4)));
    expect(refused.status).toBe(400);
    expect(refused.xml.ImportTnOrderResponse.Errors).toEqual([
      { Code: '5095', Description: 'The count of telephone numbers in order exceeds the maximum size of 3' },
    ]);
    expect((await caller.post('importTnOrders', orderRequest(numbers(3)))).status).toBe(201);
  });

  test('the default maximum is 5000 numbers', async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    const refused = await caller.post('importTnOrders', orderRequest(numbers(5001)));
    expect(refused.xml.ImportTnOrderResponse.Errors[0].Description).toMatch(/maximum size of 5000$/);
    expect((await caller.post('importTnOrders', orderRequest(numbers(5000)))).status).toBe(201);
  });
});

describe('an account without the import API', () => {
  test('answers checks and orders with 5149 while the fault is on', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({ account: { importDisabled: true } });
    const order = await caller.post('importTnOrders', orderRequest(['3032281000']));
    expect(order.status).toBe(400);
    expect(order.xml.ImportTnOrderResponse.Errors).toEqual([
      { Code: '5149', Description: 'The importTnOrder API is not enabled' },
    ]);
    const check = await caller.post(
      'importTnChecker',
      '<ImportTnCheckerPayload><TelephoneNumbers><TelephoneNumber>3032281000</TelephoneNumber></TelephoneNumbers></ImportTnCheckerPayload>',
    );
    expect(check.xml.ImportTnCheckerResponse.Errors[0].Code).toBe('5149');
    caller.running.sandbox.clearFaults();
    expect((await caller.post('importTnOrders', orderRequest(['3032281000']))).status).toBe(201);
  });
});
