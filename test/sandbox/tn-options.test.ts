import { behaviours, sandboxFixture, statusesUntilEnd, waitFor, type BandwidthCaller } from './helpers.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The contract's campaign assignment: SMS on and A2P asSpecified with the campaign. */
function campaignOrder(numbers: string[], options: { customerOrderId?: string; campaignId?: string } = {}): string {
  const customerOrderId = options.customerOrderId
    ? `<CustomerOrderId>${options.customerOrderId}</CustomerOrderId>`
    : '';
  return `<TnOptionOrder>${customerOrderId}<TnOptionGroups><TnOptionGroup><Sms>on</Sms><A2pSettings><Action>asSpecified</Action><CampaignId>${
    options.campaignId ?? 'C1A2B3C'
  }</CampaignId></A2pSettings><TelephoneNumbers>${numbers
    .map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`)
    .join('')}</TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>`;
}

async function hosted(caller: BandwidthCaller, numbers: string[]): Promise<void> {
  const orderId = await caller.createOrder(numbers, null);
  await statusesUntilEnd(caller, orderId);
}

async function tnOptionEnd(caller: BandwidthCaller, orderId: string, path = 'tnoptions'): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(async () => {
    const status = (await caller.get(`${path}/${orderId}`)).xml.TnOptionOrder.ProcessingStatus as string;
    if (seen.at(-1) !== status) seen.push(status);
    return ['COMPLETE', 'PARTIAL', 'FAILED'].includes(status);
  }, `TN option order ${orderId} to end`);
  return seen;
}

describe('TN option orders', () => {
  test('the campaign assignment is created RECEIVED (201 + Location) and ends COMPLETE on the orders’ clock', async () => {
    const caller = await fixture.start({ stepDelayMs: 300 });
    await hosted(caller, ['3032281000', '3032281001']);
    const created = await caller.post(
      'tnoptions',
      campaignOrder(['3032281000', '3032281001'], { customerOrderId: 'assign-1' }),
    );
    expect(created.status).toBe(201);
    const order = created.xml.TnOptionOrderResponse.TnOptionOrder;
    expect(order.OrderId).toMatch(UUID);
    expect(created.headers.get('location')).toBe(caller.account(`tnoptions/${order.OrderId}`));
    expect(order).toEqual({
      CustomerOrderId: 'assign-1',
      OrderCreateDate: expect.any(String),
      AccountId: caller.running.accountId,
      CreatedByUser: 'sandbox',
      OrderId: order.OrderId,
      LastModifiedDate: expect.any(String),
      ProcessingStatus: 'RECEIVED',
      TnOptionGroups: {
        TnOptionGroup: {
          Sms: 'on',
          A2pSettings: { CampaignId: 'C1A2B3C', Action: 'asSpecified' },
          TelephoneNumbers: { TelephoneNumber: ['3032281000', '3032281001'] },
        },
      },
      ErrorList: '',
      Warnings: '',
    });
    expect(await tnOptionEnd(caller, order.OrderId)).toEqual(['RECEIVED', 'PROCESSING', 'COMPLETE']);
    const fetched = await caller.get(`tnoptions/${order.OrderId}`);
    expect(Object.keys(fetched.xml)).toEqual(['TnOptionOrder']);
    const history = (await caller.get(`tnoptions/${order.OrderId}/history`)).xml.OrderHistoryWrapper.OrderHistory;
    expect(history.map((entry: { Status: string }) => entry.Status)).toEqual(['received', 'processing', 'complete']);
    expect(caller.running.sandbox.tnOptions()).toEqual([
      {
        orderId: order.OrderId,
        customerOrderId: 'assign-1',
        processingStatus: 'COMPLETE',
        groups: [
          { sms: 'on', action: 'asSpecified', campaignId: 'C1A2B3C', telephoneNumbers: ['3032281000', '3032281001'] },
        ],
        errors: [],
        warnings: [],
      },
    ]);
    expect(await caller.inspect('tnoptions')).toEqual(caller.running.sandbox.tnOptions());
  });

  test('a number ending 7777 is refused with 5160 and a number not on the account with 5076: the order ends PARTIAL', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000', '3032287777', '3032288888']);
    const created = await caller.post(
      'tnoptions',
      campaignOrder(['3032281000', '3032287777', '3032288888', '3032281005']),
    );
    const orderId = created.xml.TnOptionOrderResponse.TnOptionOrder.OrderId;
    expect((await tnOptionEnd(caller, orderId)).pop()).toBe('PARTIAL');
    const errors = (await caller.get(`tnoptions/${orderId}`)).xml.TnOptionOrder.ErrorList.Error;
    expect(errors).toEqual([
      {
        Code: '5160',
        Description:
          'The account does not own messaging service on the number 3032287777. These attributes cannot be overwritten: Sms, A2pSettings',
        TelephoneNumber: ['3032287777'],
      },
      { Code: '5074', Description: 'Telephone number is not in service.', TelephoneNumber: ['3032288888'] },
      { Code: '5076', Description: 'Number does not belong to this account.', TelephoneNumber: ['3032281005'] },
    ]);
    expect(caller.running.sandbox.tnOptions()[0]?.errors.map((error) => [error.telephoneNumber, error.code])).toEqual([
      ['3032287777', '5160'],
      ['3032288888', '5074'],
      ['3032281005', '5076'],
    ]);
  });

  test('only refused numbers: FAILED; SMS turned on twice gives a warning, as the SDK fixture shows', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000']);
    const failed = (await caller.post('tnoptions', campaignOrder(['3032287777']))).xml.TnOptionOrderResponse
      .TnOptionOrder;
    expect((await tnOptionEnd(caller, failed.OrderId)).pop()).toBe('FAILED');
    const first = (await caller.post('tnoptions', campaignOrder(['3032281000']))).xml.TnOptionOrderResponse
      .TnOptionOrder;
    await tnOptionEnd(caller, first.OrderId);
    const second = (await caller.post('tnoptions', campaignOrder(['3032281000']))).xml.TnOptionOrderResponse
      .TnOptionOrder;
    expect((await tnOptionEnd(caller, second.OrderId)).pop()).toBe('COMPLETE');
    expect((await caller.get(`tnoptions/${second.OrderId}`)).xml.TnOptionOrder.Warnings).toEqual({
      Warning: { TelephoneNumber: ['3032281000'], Description: 'SMS is already Enabled or number is in processing.' },
    });
  });

  test('the list filters by customerOrderId and status, in numbers_v2.yml’s report shape', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000']);
    const done = (await caller.post('tnoptions', campaignOrder(['3032281000'], { customerOrderId: 'list-a' }))).xml
      .TnOptionOrderResponse.TnOptionOrder;
    await tnOptionEnd(caller, done.OrderId);
    const refused = (await caller.post('tnoptions', campaignOrder(['3032287777'], { customerOrderId: 'list-b' }))).xml
      .TnOptionOrderResponse.TnOptionOrder;
    await tnOptionEnd(caller, refused.OrderId);

    const byCustomer = (await caller.get('tnoptions?customerOrderId=list-a')).xml.TnOptionOrderReportResponse
      .TnOptionOrders;
    expect(byCustomer).toEqual({
      TotalCount: '1',
      TnOptionOrderSummary: {
        accountId: caller.running.accountId,
        CountOfTNs: '1',
        CustomerOrderId: 'list-a',
        userId: 'sandbox',
        lastModifiedDate: expect.any(String),
        OrderDate: expect.any(String),
        OrderType: 'tn_option',
        OrderStatus: 'COMPLETE',
        OrderId: done.OrderId,
      },
    });
    const failedOnes = (await caller.get('tnoptions?status=FAILED')).xml.TnOptionOrderReportResponse.TnOptionOrders;
    expect(failedOnes.TnOptionOrderSummary.OrderId).toBe(refused.OrderId);
    expect(
      (await caller.get('tnoptions?tn=3032281000')).xml.TnOptionOrderReportResponse.TnOptionOrders.TotalCount,
    ).toBe('1');
  });

  test('the varied dialect writes the list bare, as the Ruby SDK’s fixture does', async () => {
    const caller = await fixture.start({ dialect: 'varied' });
    const list = await caller.get('tnoptions');
    expect(list.xml).toEqual({ TnOptionOrders: { TotalCount: '0' } });
  });

  test.each([
    ['no groups', '<TnOptionOrder><TnOptionGroups/></TnOptionOrder>', '1003'],
    [
      'a group without numbers',
      '<TnOptionOrder><TnOptionGroups><TnOptionGroup><Sms>on</Sms></TnOptionGroup></TnOptionGroups></TnOptionOrder>',
      '1003',
    ],
    [
      'a group without options',
      '<TnOptionOrder><TnOptionGroups><TnOptionGroup><TelephoneNumbers><TelephoneNumber>3032281000</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>',
      '5115',
    ],
    ['an invalid number', campaignOrder(['303228100']), '5070'],
    ['a number twice', campaignOrder(['3032281000', '3032281000']), '5093'],
    ['an invalid CustomerOrderId', campaignOrder(['3032281000'], { customerOrderId: 'bad_id!' }), '5052'],
    [
      'Sms that is not on/off/unchanged',
      campaignOrder(['3032281000']).replace('<Sms>on</Sms>', '<Sms>yes</Sms>'),
      '5113',
    ],
    ['an unknown A2P action', campaignOrder(['3032281000']).replace('asSpecified', 'assign'), '5138'],
    [
      'asSpecified without a campaign',
      campaignOrder(['3032281000']).replace(/<CampaignId>\w+<\/CampaignId>/, ''),
      '1003',
    ],
    ['a campaign id with other characters', campaignOrder(['3032281000'], { campaignId: 'C1 A2!' }), '12822'],
    ['A2P with SMS off', campaignOrder(['3032281000']).replace('<Sms>on</Sms>', '<Sms>off</Sms>'), '5132'],
  ])('%s is a 400 with the code that means it in <ResponseStatus>, and no order', async (_name, body, code) => {
    const caller = await fixture.start();
    const answer = await caller.post('tnoptions', body);
    expect(answer.status).toBe(400);
    expect(answer.xml.TnOptionOrderResponse.ResponseStatus).toEqual({
      ErrorCode: code,
      Description: expect.any(String),
    });
    expect(caller.running.sandbox.tnOptions()).toEqual([]);
  });

  test('a number another open TN option order holds is a 409 (5218); an unknown order a code-less 404', async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    expect((await caller.post('tnoptions', campaignOrder(['3032281000']))).status).toBe(201);
    const clash = await caller.post('tnoptions', campaignOrder(['3032281000', '3032281001']));
    expect(clash.status).toBe(409);
    expect(clash.xml.TnOptionOrderResponse.ResponseStatus.ErrorCode).toBe('5218');
    const unknown = await caller.get('tnoptions/b05de7e6-0cab-4c83-81bb-9379cba8efd0');
    expect(unknown.status).toBe(404);
    expect(unknown.xml).toEqual({
      TnOptionOrderReportResponse: { ResponseStatus: { Description: 'The resource does not exist' } },
    });
  });

  test('the end is notified to tnoptions subscriptions with the Basic challenge flow', async () => {
    const credentials = { username: 'tn-options', password: 'hunter33' };
    const receiver = await fixture.callbackServer(behaviours.challengeThenAccept(credentials));
    const caller = await fixture.start();
    const subscriptionId = await caller.subscribe(receiver.url, credentials, 'tnoptions');
    await hosted(caller, ['3032281000', '3032287777']);
    const order = (
      await caller.post('tnoptions', campaignOrder(['3032281000', '3032287777'], { customerOrderId: 'notify' }))
    ).xml.TnOptionOrderResponse.TnOptionOrder;
    const delivery = await waitFor(
      () => caller.running.sandbox.notifications().find((entry) => entry.orderId === order.OrderId && entry.delivered),
      'the TN option notification',
    );
    expect(delivery.attempts).toEqual([
      { withCredentials: false, httpStatus: 401 },
      { withCredentials: true, httpStatus: 200 },
    ]);
    expect(receiver.received[1]?.notification).toMatchObject({
      SubscriptionId: subscriptionId,
      OrderType: 'tnoptions',
      OrderId: order.OrderId,
      CustomerOrderId: 'notify',
      Status: 'PARTIAL',
      Note: expect.stringContaining('5160'),
    });
  });

  test('on v2 the numbers are E.164 in the answers; a 10-digit number is taken, as numbers_v2.yml says', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000', '3032281001']);
    const path = `${caller.running.v2BaseUrl}/accounts/${caller.running.accountId}/tnoptions`;
    const created = await caller.post(path, campaignOrder(['+13032281000', '3032281001']));
    expect(created.status).toBe(201);
    const order = created.xml.TnOptionOrderResponse.TnOptionOrder;
    expect(order.TnOptionGroups.TnOptionGroup.TelephoneNumbers.TelephoneNumber).toEqual([
      '+13032281000',
      '+13032281001',
    ]);
    expect((await tnOptionEnd(caller, order.OrderId, path)).pop()).toBe('COMPLETE');
  });

  test('faults reach the new endpoints by name', async () => {
    const caller = await fixture.start();
    caller.running.sandbox.setFaults({
      endpoints: {
        createTnOption: { errorRate: 1, status: 503 },
        getTnOption: { errorRate: 1, status: 500 },
        listTnOptions: { errorRate: 1, status: 502 },
      },
    });
    expect((await caller.post('tnoptions', campaignOrder(['3032281000']))).status).toBe(503);
    expect((await caller.get('tnoptions/b05de7e6-0cab-4c83-81bb-9379cba8efd0')).status).toBe(500);
    expect((await caller.get('tnoptions')).status).toBe(502);
    expect(caller.running.sandbox.tnOptions()).toEqual([]);
  });
});
