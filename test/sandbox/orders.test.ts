import { sandboxFixture, statusesUntilEnd, waitFor } from './helpers.js';
import { orderRequest, SEED_ORDER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('importTnOrders', () => {
  test("the seed's order is created RECEIVED, with a Location naming the new order", async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    const answer = await caller.post('importTnOrders', SEED_ORDER_REQUEST);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const order = answer.xml.ImportTnOrderResponse.ImportTnOrder;
    expect(order.OrderId).toMatch(UUID);
    expect(answer.headers.get('location')).toBe(
      `${caller.running.apiBaseUrl}/accounts/${caller.running.accountId}/importTnOrders/${order.OrderId}`,
    );
    expect(order).toMatchObject({
      CustomerOrderId: 'marktestorders',
      AccountId: caller.running.accountId,
      CreatedByUser: 'sandbox',
      SiteId: '14413',
      SipPeerId: '521952',
      LoaAuthorizingPerson: 'markmacc',
      ProcessingStatus: 'RECEIVED',
      TelephoneNumbers: { TelephoneNumber: ['3032281000', '3032280004'] },
      Subscriber: {
        Name: 'ABC Inc.',
        ServiceAddress: { HouseNumber: '11235', City: 'Denver', StateCode: 'CO', Zip: '27541', County: 'Canyon' },
      },
    });
    expect(await caller.inspect('orders')).toEqual([
      {
        orderId: order.OrderId,
        customerOrderId: 'marktestorders',
        processingStatus: 'RECEIVED',
        telephoneNumbers: ['3032281000', '3032280004'],
        loas: [],
      },
    ]);
  });

  test('an order moves RECEIVED → PROCESSING → COMPLETE on its own', async () => {
    const caller = await fixture.start({ stepDelayMs: 150 });
    const orderId = await caller.createOrder(['3032281000', '3032280004']);
    expect(await statusesUntilEnd(caller, orderId)).toEqual(['RECEIVED', 'PROCESSING', 'COMPLETE']);
    const fetched = await caller.get(`importTnOrders/${orderId}`);
    expect(fetched.status).toBe(200);
    // A clean order has an empty <Errors />; SipPeerId comes after it, as in Bandwidth's poll example.
    expect(fetched.xml.ImportTnOrder.Errors).toEqual(['']);
    expect(fetched.text.indexOf('<Errors/>')).toBeLessThan(fetched.text.indexOf('<SipPeerId>'));
    expect(fetched.xml.ImportTnOrder.Subscriber.ServiceAddress).toMatchObject({
      Country: 'United States',
      AddressType: 'Service',
    });
  });

  test('numbers ending 9999 fail inside the order with 7518 and the order ends PARTIAL', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000', '3032289999', '3032299999']);
    expect((await statusesUntilEnd(caller, orderId)).pop()).toBe('PARTIAL');
    const order = (await caller.get(`importTnOrders/${orderId}`)).xml.ImportTnOrder;
    expect(order.Errors).toEqual([
      {
        Error: [
          {
            Code: '7518',
            Description: 'Telephone Number Not Active.',
            TelephoneNumbers: { TelephoneNumber: ['3032289999', '3032299999'] },
          },
        ],
      },
    ]);
  });

  test('an order of only 9999 numbers ends FAILED', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032289999']);
    expect((await statusesUntilEnd(caller, orderId)).pop()).toBe('FAILED');
  });

  test('410 numbers that skipped the checker fail inside the order with 19006', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['4109235436', '3032281000']);
    expect((await statusesUntilEnd(caller, orderId)).pop()).toBe('PARTIAL');
    const error = (await caller.get(`importTnOrders/${orderId}`)).xml.ImportTnOrder.Errors[0].Error[0];
    expect(error).toEqual({
      Code: '19006',
      Description: 'Bandwidth numbers cannot be imported by this account at this time.',
      TelephoneNumbers: { TelephoneNumber: ['4109235436'] },
    });
  });

  test('an unknown order is 404 with Bandwidth’s code-less "The resource does not exist"', async () => {
    const caller = await fixture.start();
    const answer = await caller.get('importTnOrders/b05de7e6-0cab-4c83-81bb-9379cba8efd0');
    expect(answer.status).toBe(404);
    expect(answer.xml.ErrorResponse.ResponseStatus).toEqual({ Description: 'The resource does not exist' });
  });

  test('the list filters by customerOrderId, tn and status, with Bandwidth’s mixed-case summaries', async () => {
    const caller = await fixture.start();
    const first = await caller.createOrder(['3032281000'], 'customer-a');
    const second = await caller.createOrder(['3032289999'], 'customer-b');
    await statusesUntilEnd(caller, first);
    await statusesUntilEnd(caller, second);

    const byCustomer = (await caller.get('importTnOrders?customerOrderId=customer-a')).xml.ImportTnOrders;
    expect(byCustomer.TotalCount).toBe('1');
    expect(byCustomer.ImportTnOrderSummary).toEqual([
      {
        accountId: caller.running.accountId,
        CountOfTNs: '1',
        CustomerOrderId: 'customer-a',
        userId: 'sandbox',
        lastModifiedDate: expect.any(String),
        OrderDate: expect.any(String),
        OrderType: 'import_tn_orders',
        OrderStatus: 'COMPLETE',
        OrderId: first,
      },
    ]);
    const byNumber = (await caller.get('importTnOrders?tn=3032289999')).xml.ImportTnOrders;
    expect(byNumber.ImportTnOrderSummary.map((summary: { OrderId: string }) => summary.OrderId)).toEqual([second]);
    const byStatus = (await caller.get('importTnOrders?status=FAILED&status=PARTIAL')).xml.ImportTnOrders;
    expect(byStatus.ImportTnOrderSummary.map((summary: { OrderId: string }) => summary.OrderId)).toEqual([second]);
    const none = (await caller.get('importTnOrders?customerOrderId=nobody')).xml.ImportTnOrders;
    expect(none).toEqual({ TotalCount: '0' });
    const badDate = await caller.get('importTnOrders?createdDateFrom=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.xml.ImportTnOrders.ResponseStatus.ErrorCode).toBe('1007');
  });

  test('the history lists each step with lower-case statuses', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000']);
    await statusesUntilEnd(caller, orderId);
    const history = (await caller.get(`importTnOrders/${orderId}/history`)).xml.OrderHistoryWrapper.OrderHistory;
    expect(history.map((entry: { Status: string }) => entry.Status)).toEqual(['received', 'processing', 'complete']);
    expect(history[0]).toEqual({
      OrderDate: expect.any(String),
      Note: expect.any(String),
      Author: 'sandbox',
      Status: 'received',
    });
  });

  test('an order without CustomerOrderId or SipPeerId leaves them out', async () => {
    const caller = await fixture.start();
    const answer = await caller.post(
      'importTnOrders',
      orderRequest(['3032281000'], null).replace('<SipPeerId>521952</SipPeerId>', ''),
    );
    expect(answer.status).toBe(201);
    const order = answer.xml.ImportTnOrderResponse.ImportTnOrder;
    expect(order.CustomerOrderId).toBeUndefined();
    expect(order.SipPeerId).toBeUndefined();
    const [view] = await waitFor(async () => {
      const orders = await caller.inspect<Array<{ processingStatus: string; customerOrderId?: string }>>('orders');
      return orders[0]?.processingStatus === 'COMPLETE' && orders;
    }, 'the order to complete');
    expect(view).not.toHaveProperty('customerOrderId');
  });
});
