import { sandboxFixture, statusesUntilEnd, waitFor, type BandwidthCaller } from './helpers.js';
import { orderRequest, SEED_CHECKER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const checkerRequest = (numbers: string[]) =>
  `<ImportTnCheckerPayload><TelephoneNumbers>${numbers.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('')}</TelephoneNumbers></ImportTnCheckerPayload>`;
const removalRequest = (numbers: string[]) =>
  `<RemoveImportedTnOrder><TelephoneNumbers>${numbers.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('')}</TelephoneNumbers></RemoveImportedTnOrder>`;

/** A path below the account on the v2 base. */
const v2 = (caller: BandwidthCaller, path: string) =>
  `${caller.running.v2BaseUrl}/accounts/${caller.running.accountId}/${path}`;

describe('the v1 bases', () => {
  test.each(['/api', '/api/v1', '/v1.0'])('%s/accounts/{id} answers the v1 API', async (base) => {
    const caller = await fixture.start();
    const answer = await caller.post(
      `${caller.running.url}${base}/accounts/${caller.running.accountId}/importTnChecker`,
      SEED_CHECKER_REQUEST,
    );
    expect(answer.status).toBe(200);
    expect(answer.xml.ImportTnCheckerResponse.ImportTnCheckerPayload.TelephoneNumbers.TelephoneNumber).toEqual([
      '3032281000',
    ]);
  });

  test('paths are case-insensitive, as the SDKs call importtnorders in lower case', async () => {
    const caller = await fixture.start();
    expect((await caller.get('importtnorders')).status).toBe(200);
  });

  test('v1 takes 10-digit numbers only: an E.164 number is not a valid NANPA telephone number', async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnChecker', checkerRequest(['+13032281000']));
    expect(answer.status).toBe(400);
    expect(answer.xml.ImportTnCheckerResponse.Errors).toEqual([
      { Code: '7201', Description: '+13032281000 is not a valid NANPA telephone number.' },
    ]);
  });
});

describe('the v2 Universal Platform (/api/v2)', () => {
  test('hosted messaging lives under /importTnOrders/messaging, every number in E.164', async () => {
    const caller = await fixture.start();
    const created = await caller.post(
      v2(caller, 'importTnOrders/messaging'),
      orderRequest(['+13032281000', '+13032289999'], 'v2-order'),
    );
    expect(created.status).toBe(201);
    const order = created.xml.ImportTnOrderResponse.ImportTnOrder;
    expect(created.headers.get('location')).toBe(v2(caller, `importTnOrders/messaging/${order.OrderId}`));
    expect(order.TelephoneNumbers.TelephoneNumber).toEqual(['+13032281000', '+13032289999']);

    const ended = await waitFor(async () => {
      const fetched = (await caller.get(v2(caller, `importTnOrders/messaging/${order.OrderId}`))).xml.ImportTnOrder;
      return fetched.ProcessingStatus === 'PARTIAL' && fetched;
    }, 'the order to end');
    expect(ended.Errors).toEqual([
      {
        Error: [
          {
            Code: '7518',
            Description: 'Telephone Number Not Active.',
            TelephoneNumbers: { TelephoneNumber: ['+13032289999'] },
          },
        ],
      },
    ]);
    const history = await caller.get(v2(caller, `importTnOrders/messaging/${order.OrderId}/history`));
    expect(history.xml.OrderHistoryWrapper.OrderHistory.at(-1).Status).toBe('partial');
    const listed = await caller.get(v2(caller, 'importTnOrders/messaging?tn=%2B13032281000'));
    expect(listed.xml.ImportTnOrders.TotalCount).toBe('1');
    // The sandbox keeps one account: v1 reads the same order in 10 digits.
    expect((await caller.get(`importTnOrders/${order.OrderId}`)).xml.ImportTnOrder.TelephoneNumbers).toEqual({
      TelephoneNumber: ['3032281000', '3032289999'],
    });
  });

  test('a 10-digit number is refused on v2 with 7201, worded as numbers_v2.yml words it', async () => {
    const caller = await fixture.start();
    const order = await caller.post(v2(caller, 'importTnOrders/messaging'), orderRequest(['3032281000']));
    expect(order.status).toBe(400);
    expect(order.xml.ImportTnOrderResponse).toEqual({
      ProcessingStatus: 'FAILED',
      Errors: [{ Code: '7201', Description: '3032281000 is not a valid NANP telephone number.' }],
    });
    const check = await caller.post(v2(caller, 'importTnChecker'), checkerRequest(['3032281000']));
    expect(check.status).toBe(400);
    expect(check.xml.ImportTnCheckerResponse.Errors[0].Code).toBe('7201');
  });

  test('importTnChecker keeps its path and answers E.164', async () => {
    const caller = await fixture.start();
    const answer = await caller.post(v2(caller, 'importTnChecker'), checkerRequest(['+13032281000', '+14109235436']));
    expect(answer.status).toBe(200);
    const payload = answer.xml.ImportTnCheckerResponse.ImportTnCheckerPayload;
    expect(payload.TelephoneNumbers.TelephoneNumber).toEqual(['+13032281000']);
    expect(payload.ImportTnErrors.ImportTnError).toEqual([
      {
        Code: '19006',
        Description: 'Bandwidth numbers cannot be imported by this account at this time.',
        TelephoneNumbers: { TelephoneNumber: ['+14109235436'] },
      },
    ]);
  });

  test('LOAs of a v2 order are under …/messaging/{orderId}/loas', async () => {
    const caller = await fixture.start();
    const created = await caller.post(v2(caller, 'importTnOrders/messaging'), orderRequest(['+13032281000']));
    const orderId = created.xml.ImportTnOrderResponse.ImportTnOrder.OrderId;
    const upload = await caller.call('POST', v2(caller, `importTnOrders/messaging/${orderId}/loas`), {
      body: Buffer.from('%PDF-1.4\n%%EOF\n'),
      contentType: 'application/pdf',
    });
    expect(upload.status).toBe(201);
    const filename = upload.xml.fileUploadResponse.filename;
    const metadata = await caller.get(v2(caller, `importTnOrders/messaging/${orderId}/loas/${filename}/metadata`));
    expect(metadata.xml.FileMetaData.DocumentType).toBe('LOA');
    const list = await caller.get(v2(caller, `importTnOrders/messaging/${orderId}/loas?metadata=true`));
    expect(list.xml.fileListResponse.fileCount).toBe('1');
  });

  test('removals are under /removeImportedTnOrders/messaging', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000']);
    await statusesUntilEnd(caller, orderId);
    const created = await caller.post(v2(caller, 'removeImportedTnOrders/messaging'), removalRequest(['+13032281000']));
    expect(created.status).toBe(201);
    const removal = created.xml.RemoveImportedTnOrdersResponse.RemoveImportedTnOrder;
    expect(created.headers.get('location')).toBe(v2(caller, `removeImportedTnOrders/messaging/${removal.OrderId}`));
    const ended = await waitFor(async () => {
      const fetched = (await caller.get(v2(caller, `removeImportedTnOrders/messaging/${removal.OrderId}`))).xml
        .RemoveImportedTnOrder;
      return fetched.ProcessingStatus === 'COMPLETE' && fetched;
    }, 'the removal to end');
    expect(ended.TelephoneNumbers.TelephoneNumber).toEqual(['+13032281000']);
    const history = await caller.get(v2(caller, `removeImportedTnOrders/messaging/${removal.OrderId}/history`));
    expect(history.status).toBe(200);
    expect(
      (await caller.get(v2(caller, 'removeImportedTnOrders/messaging'))).xml.RemoveImportedTnOrders.TotalCount,
    ).toBe('1');
  });

  test('the v1 paths are not v2 paths: /api/v2/…/importTnOrders is a 404', async () => {
    const caller = await fixture.start();
    expect((await caller.post(v2(caller, 'importTnOrders'), orderRequest(['+13032281000']))).status).toBe(404);
    expect((await caller.get(v2(caller, 'removeImportedTnOrders'))).status).toBe(404);
  });
});

describe('a v2-only account (dialect v2, SANDBOX_DIALECT=v2)', () => {
  test('its API base is /api/v2, and the v1 hosted-messaging paths answer 404 on every v1 base', async () => {
    const caller = await fixture.start({ dialect: 'v2' });
    expect(caller.running.apiBaseUrl).toBe(`${caller.running.url}/api/v2`);
    expect(caller.running.sandbox.dialect).toBe('v2');
    for (const base of ['/api', '/api/v1', '/v1.0']) {
      const account = `${caller.running.url}${base}/accounts/${caller.running.accountId}`;
      const create = await caller.post(`${account}/importTnOrders`, orderRequest(['3032281000']));
      expect(create.status).toBe(404);
      expect(create.xml.ErrorResponse.ResponseStatus).toEqual({ Description: 'The resource does not exist' });
      expect((await caller.get(`${account}/importTnOrders`)).status).toBe(404);
      expect((await caller.get(`${account}/removeImportedTnOrders`)).status).toBe(404);
    }
    expect(await caller.inspect('orders')).toEqual([]);
  });

  test('hosted messaging works on /api/v2, written as the seed writes it', async () => {
    const caller = await fixture.start({ dialect: 'v2' });
    const created = await caller.post('importTnOrders/messaging', orderRequest(['+13032281000']));
    expect(created.status).toBe(201);
    const orderId = created.xml.ImportTnOrderResponse.ImportTnOrder.OrderId;
    expect((await statusesUntilEnd(caller, orderId, 'importTnOrders/messaging')).pop()).toBe('COMPLETE');
    expect(await caller.inspect('orders')).toEqual([
      expect.objectContaining({ orderId, telephoneNumbers: ['3032281000'], processingStatus: 'COMPLETE' }),
    ]);
  });
});
