import { sandboxFixture } from './helpers.js';
import { orderRequest, SEED_ORDER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

describe('importTnOrders refuses what Bandwidth refuses', () => {
  const cases: Array<[string, string, string]> = [
    ['SiteId missing', SEED_ORDER_REQUEST.replace('<SiteId>14413</SiteId>', ''), '5016'],
    ['SiteId not a number', SEED_ORDER_REQUEST.replace('<SiteId>14413</SiteId>', '<SiteId>abc</SiteId>'), '7309'],
    ['CustomerOrderId with other characters', orderRequest(['3032281000'], 'order_1!'), '7318'],
    ['CustomerOrderId over 40 characters', orderRequest(['3032281000'], 'a'.repeat(41)), '7318'],
    [
      'LoaAuthorizingPerson missing',
      SEED_ORDER_REQUEST.replace('<LoaAuthorizingPerson>markmacc</LoaAuthorizingPerson>', ''),
      '7314',
    ],
    ['no numbers', orderRequest([]), '7311'],
    ['an invalid number', orderRequest(['303228100']), '7201'],
    ['a duplicate number', orderRequest(['3032281000', '3032281000']), '7202'],
    ['Subscriber Name missing', SEED_ORDER_REQUEST.replace('<Name>ABC Inc.</Name>', ''), '7315'],
    ['City missing', SEED_ORDER_REQUEST.replace('<City>Denver</City>', ''), '7315'],
    [
      'StateCode not two letters',
      SEED_ORDER_REQUEST.replace('<StateCode>CO</StateCode>', '<StateCode>Colorado</StateCode>'),
      '7317',
    ],
  ];

  test.each(cases)('%s → 400 FAILED with the error, and no order', async (_name, body, code) => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnOrders', body);
    expect(answer.status).toBe(400);
    const order = answer.xml.ImportTnOrderResponse.ImportTnOrder;
    expect(order.ProcessingStatus).toBe('FAILED');
    expect(order.Errors.map((error: { Code: string }) => error.Code)).toContain(code);
    expect(order.Errors.every((error: { Description: string }) => error.Description.length > 0)).toBe(true);
    expect(await caller.inspect('orders')).toEqual([]);
  });

  test('every problem is reported at once, the request echoed', async () => {
    const caller = await fixture.start();
    const body = orderRequest(['303228100'], 'bad_id').replace('<SiteId>14413</SiteId>', '');
    const order = (await caller.post('importTnOrders', body)).xml.ImportTnOrderResponse.ImportTnOrder;
    expect(order.Errors.map((error: { Code: string }) => error.Code)).toEqual(['7318', '5016', '7201']);
    expect(order.CustomerOrderId).toBe('bad_id');
    expect(order.TelephoneNumbers.TelephoneNumber).toEqual(['303228100']);
  });

  test('malformed XML is 400 with a ResponseStatus error', async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnOrders', '<ImportTnOrder><SiteId>1</ImportTnOrder>');
    expect(answer.status).toBe(400);
    expect(answer.xml.ImportTnOrderResponse.ResponseStatus.ErrorCode).toBe('1001');
  });
});
