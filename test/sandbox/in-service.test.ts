import { sandboxFixture, statusesUntilEnd, waitFor, type BandwidthCaller } from './helpers.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

async function hosted(caller: BandwidthCaller, numbers: string[]): Promise<void> {
  const orderId = await caller.createOrder(numbers, null);
  await statusesUntilEnd(caller, orderId);
}

describe('inserviceNumbers', () => {
  test('a number hosted by a COMPLETE or PARTIAL order is in service: 200 with no body; others are 404 with none', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000', '3032289999']);
    const inService = await caller.get('inserviceNumbers/3032281000');
    expect(inService.status).toBe(200);
    expect(inService.text).toBe('');
    for (const tn of ['3032289999', '3032281001', '+13032281000', 'nonsense']) {
      const answer = await caller.get(`inserviceNumbers/${tn}`);
      expect([tn, answer.status, answer.text]).toEqual([tn, 404, '']);
    }
  });

  test('a number ending 8888 is hosted by its order but never in service', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032288888']);
    expect(await caller.inspect('orders')).toEqual([expect.objectContaining({ processingStatus: 'COMPLETE' })]);
    expect((await caller.get('inserviceNumbers/3032288888')).status).toBe(404);
  });

  test('a removed number is no longer in service', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000']);
    await caller.post(
      'removeImportedTnOrders',
      '<RemoveImportedTnOrder><TelephoneNumbers><TelephoneNumber>3032281000</TelephoneNumber></TelephoneNumbers></RemoveImportedTnOrder>',
    );
    await waitFor(async () => {
      const [removal] = await caller.inspect<Array<{ processingStatus: string }>>('removals');
      return removal?.processingStatus === 'COMPLETE';
    }, 'the removal to complete');
    expect((await caller.get('inserviceNumbers/3032281000')).status).toBe(404);
  });

  test('on v2 the number is named and listed in E.164', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000']);
    const v2 = `${caller.running.v2BaseUrl}/accounts/${caller.running.accountId}/inserviceNumbers`;
    expect((await caller.get(`${v2}/+13032281000`)).status).toBe(200);
    expect((await caller.get(`${v2}/3032281000`)).status).toBe(404);
    const list = await caller.get(v2);
    expect(list.xml.TNs.TelephoneNumbers.TelephoneNumber).toEqual(['+13032281000']);
  });

  test('the list pages with page and size, in numbers.yml’s <TNs> shape with Links', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281002', '3032281000', '3032281001', '3032288888']);
    const first = await caller.get('inserviceNumbers?page=1&size=2');
    expect(first.status).toBe(200);
    const base = caller.account('inserviceNumbers');
    expect(first.xml).toEqual({
      TNs: {
        TotalCount: '3',
        Links: {
          first: `Link=<${base}?page=1&size=2>;rel="first";`,
          next: `Link=<${base}?page=2&size=2>;rel="next";`,
          last: `Link=<${base}?page=2&size=2>;rel="last";`,
        },
        TelephoneNumbers: { Count: '2', TelephoneNumber: ['3032281000', '3032281001'] },
      },
    });
    expect(first.text).toContain('Link=&lt;');
    const second = (await caller.get('inserviceNumbers?page=2&size=2')).xml.TNs;
    expect(second.TelephoneNumbers).toEqual({ Count: '1', TelephoneNumber: ['3032281002'] });
    expect(second.Links.previous).toBe(`Link=<${base}?page=1&size=2>;rel="previous";`);
    expect(second.Links.next).toBeUndefined();
    // The defaults: page 1, 300 a page.
    expect((await caller.get('inserviceNumbers')).xml.TNs.TelephoneNumbers.Count).toBe('3');
    expect((await caller.get('inserviceNumbers/totals')).xml).toEqual({ Quantity: { Count: '3' } });
  });

  test('no numbers in service (or past the last page) is a 204 with no body; bad paging parameters a 404', async () => {
    const caller = await fixture.start();
    const none = await caller.get('inserviceNumbers');
    expect([none.status, none.text]).toEqual([204, '']);
    await hosted(caller, ['3032281000']);
    expect((await caller.get('inserviceNumbers?page=2&size=300')).status).toBe(204);
    const bad = await caller.get('inserviceNumbers?page=first');
    expect(bad.status).toBe(404);
    expect(bad.xml.TNs.ResponseStatus.ErrorCode).toBe('13056');
    expect((await caller.get('inserviceNumbers?size=0')).xml.TNs.ResponseStatus.ErrorCode).toBe('13058');
  });

  test('the new endpoints take faults by their names', async () => {
    const caller = await fixture.start();
    await hosted(caller, ['3032281000']);
    caller.running.sandbox.setFaults({
      endpoints: {
        inServiceNumber: { errorRate: 1, status: 503 },
        listInServiceNumbers: { errorRate: 1, status: 500 },
      },
    });
    expect((await caller.get('inserviceNumbers/3032281000')).status).toBe(503);
    expect((await caller.get('inserviceNumbers')).status).toBe(500);
    const log = caller.running.sandbox.requests().slice(-2);
    expect(log.map((entry) => entry.endpoint)).toEqual(['inServiceNumber', 'listInServiceNumbers']);
  });
});
