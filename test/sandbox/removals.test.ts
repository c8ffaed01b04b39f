import { behaviours, sandboxFixture, statusesUntilEnd, waitFor, type BandwidthCaller } from './helpers.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const removalRequest = (numbers: string[], customerOrderId = 'unhost-1') =>
  `<RemoveImportedTnOrder><CustomerOrderId>${customerOrderId}</CustomerOrderId><TelephoneNumbers>${numbers
    .map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`)
    .join('')}</TelephoneNumbers></RemoveImportedTnOrder>`;

async function removalEnd(caller: BandwidthCaller, orderId: string): Promise<string> {
  return waitFor(async () => {
    const status = (await caller.get(`removeImportedTnOrders/${orderId}`)).xml.RemoveImportedTnOrder
      .ProcessingStatus as string;
    return ['COMPLETE', 'PARTIAL', 'FAILED'].includes(status) && status;
  }, `removal ${orderId} to end`);
}

describe('removeImportedTnOrders', () => {
  test('hosted numbers are removed; numbers never imported fail with 5158', async () => {
    const receiver = await fixture.callbackServer(behaviours.accept());
    const caller = await fixture.start();
    await caller.subscribe(receiver.url, undefined, 'removeImportedTnOrders');
    const importId = await caller.createOrder(['3032281000', '3032289999']);
    await statusesUntilEnd(caller, importId);

    const created = await caller.post('removeImportedTnOrders', removalRequest(['3032281000', '3032289999']));
    expect(created.status).toBe(201);
    const removal = created.xml.RemoveImportedTnOrdersResponse.RemoveImportedTnOrder;
    expect(removal).toMatchObject({ CustomerOrderId: 'unhost-1', ProcessingStatus: 'RECEIVED' });
    expect(created.headers.get('location')).toBe(caller.account(`removeImportedTnOrders/${removal.OrderId}`));

    expect(await removalEnd(caller, removal.OrderId)).toBe('PARTIAL');
    const fetched = (await caller.get(`removeImportedTnOrders/${removal.OrderId}`)).xml.RemoveImportedTnOrder;
    expect(fetched.Errors[0].Error).toEqual([
      {
        Code: '5158',
        Description: "Telephone number hasn't been previously imported.",
        TelephoneNumbers: { TelephoneNumber: ['3032289999'] },
      },
    ]);
    expect(await caller.inspect('removals')).toEqual([
      {
        orderId: removal.OrderId,
        customerOrderId: 'unhost-1',
        processingStatus: 'PARTIAL',
        telephoneNumbers: ['3032281000', '3032289999'],
        errors: [{ code: '5158', description: expect.any(String), telephoneNumbers: ['3032289999'] }],
      },
    ]);
    const notification = await waitFor(() => receiver.received[0], 'the removal notification');
    expect(notification.notification).toMatchObject({
      OrderType: 'removeImportedTnOrders',
      OrderId: removal.OrderId,
      Status: 'PARTIAL',
    });

    // Once removed, a number is no longer hosted: removing it again fails.
    const again = (await caller.post('removeImportedTnOrders', removalRequest(['3032281000'], 'unhost-2'))).xml
      .RemoveImportedTnOrdersResponse.RemoveImportedTnOrder;
    expect(await removalEnd(caller, again.OrderId)).toBe('FAILED');
  });

  test('list, filter and history', async () => {
    const caller = await fixture.start();
    const created = (await caller.post('removeImportedTnOrders', removalRequest(['3032281000'], 'unhost-list'))).xml
      .RemoveImportedTnOrdersResponse.RemoveImportedTnOrder;
    await removalEnd(caller, created.OrderId);
    const list = (await caller.get('removeImportedTnOrders?customerOrderId=unhost-list')).xml.RemoveImportedTnOrders;
    expect(list.TotalCount).toBe('1');
    expect(list.RemoveImportedTnOrderSummary[0]).toMatchObject({
      CountOfTNs: '1',
      CustomerOrderId: 'unhost-list',
      OrderType: 'remove_imported_tn_orders',
      OrderStatus: 'FAILED',
      OrderId: created.OrderId,
    });
    const history = (await caller.get(`removeImportedTnOrders/${created.OrderId}/history`)).xml.OrderHistoryWrapper
      .OrderHistory;
    expect(history.map((entry: { Status: string }) => entry.Status)).toEqual(['received', 'processing', 'failed']);
  });

  test('an empty or invalid request is refused with 400', async () => {
    const caller = await fixture.start();
    const empty = await caller.post(
      'removeImportedTnOrders',
      '<RemoveImportedTnOrder><TelephoneNumbers/></RemoveImportedTnOrder>',
    );
    expect(empty.status).toBe(400);
    expect(empty.xml.RemoveImportedTnOrdersResponse.RemoveImportedTnOrder.ProcessingStatus).toBe('FAILED');
    const invalid = await caller.post('removeImportedTnOrders', removalRequest(['12345']));
    expect(invalid.xml.RemoveImportedTnOrdersResponse.RemoveImportedTnOrder.Errors[0].Code).toBe('7201');
    expect((await caller.get('removeImportedTnOrders/b05de7e6-0cab-4c83-81bb-9379cba8efd0')).status).toBe(404);
    // The notes: a removal GET with an id that is no UUID is a 400 with 1008.
    const notAnId = await caller.get('removeImportedTnOrders/not-an-id');
    expect(notAnId.status).toBe(400);
    expect(notAnId.xml.RemoveImportedTnOrdersReportResponse.ResponseStatus).toEqual({
      ErrorCode: '1008',
      Description: "'not-an-id' is not a valid UUID",
    });
  });
});
