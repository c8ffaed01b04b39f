import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { BandwidthError, BandwidthXmlError, type ImportOrderInput } from '../../bandwidth/index.js';
import { XML_HEADERS, fixture, rejectionOf, startFakeBandwidth, type FakeBandwidth } from './bandwidth-test-kit.js';

let bandwidth: FakeBandwidth;

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
});
afterAll(async () => {
  await bandwidth.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
});

const seedOrder: ImportOrderInput = {
  customerOrderId: 'marktestorders',
  siteId: '14413',
  sipPeerId: '521952',
  subscriber: {
    name: 'ABC Inc.',
    serviceAddress: {
      houseNumber: '11235',
      streetName: 'Back',
      city: 'Denver',
      stateCode: 'CO',
      zip: '27541',
      county: 'Canyon',
    },
  },
  loaAuthorizingPerson: 'markmacc',
  telephoneNumbers: ['3032281000', '3032280004'],
};

function locationOf(orderId: string): Record<string, string> {
  return { ...XML_HEADERS, location: `https://dashboard.bandwidth.com/api/accounts/9900012/importTnOrders/${orderId}` };
}

describe('createImportOrder', () => {
  test("sends the seed's ImportTnOrder and reads the ImportTnOrderResponse answer", async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 201,
      headers: locationOf('b05de7e6-0cab-4c83-81bb-9379cba8efd0'),
      body: fixture('import-tn-order-response-singular-root.xml'),
    });

    const order = await bandwidth.client().createImportOrder(seedOrder);

    expect(order).toEqual({
      orderId: 'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
      customerOrderId: 'marktestorders',
      processingStatus: 'PROCESSING',
      telephoneNumbers: ['3032281000', '3032280004'],
      errors: [],
      siteId: '202',
      sipPeerId: '520565',
      subscriberName: 'ABC Inc.',
      orderCreateDate: '2018-01-20T02:59:54.000Z',
      lastModifiedDate: '2018-01-20T02:59:54.000Z',
    });
    const [request] = bandwidth.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(bandwidth.accountPath('/importTnOrders'));
    expect(request?.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(request?.text).toBe(fixture('import-tn-order-request.xml'));
  });

  test('reads the plural ImportTnOrdersResponse root with <SipPeerId> after <Errors/>', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 201,
      headers: locationOf('ba87c8ef-4cc5-435d-a346-cda601776257'),
      body: fixture('import-tn-orders-response-plural-root.xml'),
    });

    const order = await bandwidth
      .client()
      .createImportOrder({ ...seedOrder, customerOrderId: 'plural-root-order', telephoneNumbers: ['9198675309'] });

    expect(order).toMatchObject({
      orderId: 'ba87c8ef-4cc5-435d-a346-cda601776257',
      customerOrderId: 'plural-root-order',
      processingStatus: 'RECEIVED',
      telephoneNumbers: ['9198675309'],
      errors: [],
      siteId: '222',
      sipPeerId: '333',
    });
  });

  test('takes the order id from the Location header when the body has none', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 201,
      headers: locationOf('1f6e8d9a-2b3c-4d5e-8f70-a1b2c3d4e5f6'),
      body: fixture('import-tn-order-response-without-order-id.xml'),
    });

    const order = await bandwidth.client().createImportOrder(seedOrder);

    expect(order.orderId).toBe('1f6e8d9a-2b3c-4d5e-8f70-a1b2c3d4e5f6');
    expect(order.processingStatus).toBe('RECEIVED');
  });

  test('a 201 with only a Location header gives a RECEIVED order with the numbers sent', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 201,
      headers: locationOf('9d8c7b6a-5f4e-4d3c-8b2a-190817263544'),
    });

    const order = await bandwidth.client().createImportOrder(seedOrder);

    expect(order).toEqual({
      orderId: '9d8c7b6a-5f4e-4d3c-8b2a-190817263544',
      customerOrderId: 'marktestorders',
      processingStatus: 'RECEIVED',
      telephoneNumbers: ['3032281000', '3032280004'],
      errors: [],
      siteId: '14413',
      sipPeerId: '521952',
    });
  });

  test('omits absent optional elements, adds LoaType when given and escapes text', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 201,
      headers: locationOf('ba87c8ef-4cc5-435d-a346-cda601776257'),
      body: fixture('import-tn-orders-response-plural-root.xml'),
    });

    await bandwidth.client().createImportOrder({
      siteId: '14413',
      subscriber: {
        name: 'Smith & Sons <Holdings>',
        serviceAddress: {
          houseNumber: '900',
          streetName: 'Main Campus Dr.',
          city: 'Raleigh',
          stateCode: 'NC',
          zip: '27606',
        },
      },
      loaAuthorizingPerson: 'Mark Macchioni',
      loaType: 'CARRIER',
      telephoneNumbers: ['9195041533'],
    });

    expect(bandwidth.requests[0]?.text).toBe(fixture('import-tn-order-request-minimal.xml'));
  });

  test('a 400 FAILED answer with repeated <Errors> is permanent and carries both codes', async () => {
    bandwidth.onAccount('POST', '/importTnOrders', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('error-order-create-failed.xml'),
    });

    const error = await rejectionOf(bandwidth.client().createImportOrder(seedOrder));

    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      code: 'BANDWIDTH_BAD_REQUEST',
      status: 400,
      retryable: false,
      endpoint: 'POST /importTnOrders',
      errors: [
        { code: '7309', description: 'Site Id 14413 is not valid.', telephoneNumbers: [] },
        { code: '5016', description: 'Invalid SiteId.', telephoneNumbers: [] },
      ],
    });
  });

  test('an order without numbers is refused before any call', async () => {
    const error = await rejectionOf(bandwidth.client().createImportOrder({ ...seedOrder, telephoneNumbers: [] }));

    expect(error).toMatchObject({ name: 'BandwidthError', code: 'BANDWIDTH_INVALID_INPUT', retryable: false });
    expect(bandwidth.requests).toHaveLength(0);
  });
});

describe('getImportOrder', () => {
  test('reads a bare <ImportTnOrder> with <Errors /> followed by <SipPeerId>', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/b05de7e6-0cab-4c83-81bb-9379cba8efd0', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-complete.xml'),
    });

    const order = await bandwidth.client().getImportOrder('b05de7e6-0cab-4c83-81bb-9379cba8efd0');

    expect(order).toEqual({
      orderId: 'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
      processingStatus: 'COMPLETE',
      telephoneNumbers: ['9195041533'],
      errors: [],
      siteId: '14419',
      sipPeerId: '521967',
      subscriberName: 'BANDWDITH',
      orderCreateDate: '2019-08-28T13:09:11.192Z',
      lastModifiedDate: '2019-08-28T13:09:26.295Z',
    });
    expect(bandwidth.requests[0]?.method).toBe('GET');
    expect(bandwidth.requests[0]?.headers['accept']).toBe('application/xml');
  });

  test('a PARTIAL order lists its per-number 7518 failures, whatever the element order', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/6f0f7f4b-8c3d-4d7a-9d61-2b1f5c0e9a77', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-partial.xml'),
    });

    const order = await bandwidth.client().getImportOrder('6f0f7f4b-8c3d-4d7a-9d61-2b1f5c0e9a77');

    expect(order.processingStatus).toBe('PARTIAL');
    expect(order.customerOrderId).toBe('partial-order');
    expect(order.telephoneNumbers).toEqual(['3032281000', '3032289999', '3032279999']);
    expect(order.errors).toEqual([
      { code: '7518', description: 'Telephone Number Not Active.', telephoneNumbers: ['3032289999', '3032279999'] },
    ]);
  });

  test('a FAILED order with one error and one number keeps the leading zero', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/0e236be2-ba83-4c96-8a08-8d7502c5f437', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-failed-one-error.xml'),
    });

    const order = await bandwidth.client().getImportOrder('0e236be2-ba83-4c96-8a08-8d7502c5f437');

    expect(order.processingStatus).toBe('FAILED');
    expect(order.telephoneNumbers).toEqual(['0195559999']);
    expect(order.errors).toEqual([
      { code: '7518', description: 'Telephone Number Not Active.', telephoneNumbers: ['0195559999'] },
    ]);
  });

  test('an unknown order is a permanent BANDWIDTH_NOT_FOUND', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/no-such-order', {
      status: 404,
      headers: XML_HEADERS,
      body: fixture('error-response-status.xml'),
    });

    const notFound = await rejectionOf(bandwidth.client().getImportOrder('no-such-order'));

    expect(notFound).toBeInstanceOf(BandwidthError);
    expect(notFound).toMatchObject({
      code: 'BANDWIDTH_NOT_FOUND',
      status: 404,
      retryable: false,
      endpoint: 'GET /importTnOrders/{orderId}',
    });
  });

  test('order ids are sent as one encoded path segment', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/a%2Fb%20c', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-complete.xml'),
    });

    await bandwidth.client().getImportOrder('a/b c');

    expect(bandwidth.requests[0]?.path).toBe(bandwidth.accountPath('/importTnOrders/a%2Fb%20c'));
    await expect(bandwidth.client().getImportOrder('..')).rejects.toMatchObject({ code: 'BANDWIDTH_INVALID_INPUT' });
  });

  test('an answer without ProcessingStatus is an invalid document, not a guess', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/x', {
      status: 200,
      headers: XML_HEADERS,
      body: '<ImportTnOrder><OrderId>x</OrderId><Errors/></ImportTnOrder>',
    });

    const error = await rejectionOf(bandwidth.client().getImportOrder('x'));

    expect(error).toBeInstanceOf(BandwidthXmlError);
    expect(error).toMatchObject({ code: 'BANDWIDTH_XML_INVALID', endpoint: 'GET /importTnOrders/{orderId}' });
  });
});

describe('listImportOrders', () => {
  test('reads summaries with mixed-case element names and sends every filter', async () => {
    bandwidth.onAccount('GET', '/importTnOrders', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-list.xml'),
    });

    const summaries = await bandwidth.client().listImportOrders({
      customerOrderId: 'marktestorders',
      tn: '3032281000',
      status: ['COMPLETE', 'PARTIAL'],
      createdDateFrom: '2026-11-01',
      createdDateTo: '2026-11-30',
      modifiedDateFrom: '2026-11-02',
      modifiedDateTo: '2026-11-29',
      loaType: 'SUBSCRIBER',
    });

    expect(summaries).toEqual([
      {
        orderId: '0e236be2-ba83-4c96-8a08-8d7502c5f437',
        customerOrderId: 'marktestorders',
        orderStatus: 'FAILED',
        countOfTNs: 2,
        orderDate: '2026-11-27T10:00:00.064Z',
        lastModifiedDate: '2026-11-27T10:00:02.311Z',
      },
      {
        orderId: '021a94f5-5c55-401f-9cdc-8dca059ad7c1',
        orderStatus: 'COMPLETE',
        countOfTNs: 1,
        orderDate: '2026-11-26T17:58:39.980Z',
        lastModifiedDate: '2026-11-26T17:58:41.033Z',
      },
    ]);
    const query = bandwidth.requests[0]?.query;
    expect(query?.get('customerOrderId')).toBe('marktestorders');
    expect(query?.get('tn')).toBe('3032281000');
    expect(query?.getAll('status')).toEqual(['COMPLETE', 'PARTIAL']);
    expect(query?.get('createdDateFrom')).toBe('2026-11-01');
    expect(query?.get('createdDateTo')).toBe('2026-11-30');
    expect(query?.get('modifiedDateFrom')).toBe('2026-11-02');
    expect(query?.get('modifiedDateTo')).toBe('2026-11-29');
    expect(query?.get('loaType')).toBe('SUBSCRIBER');
  });

  test('one summary reads as a list of one, and no filter sends no query', async () => {
    bandwidth.onAccount('GET', '/importTnOrders', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-list-single.xml'),
    });

    const summaries = await bandwidth.client().listImportOrders();

    expect(summaries).toEqual([
      {
        orderId: 'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
        customerOrderId: 'marktestorders',
        orderStatus: 'PROCESSING',
        countOfTNs: 1,
        orderDate: '2026-11-27T10:00:00.064Z',
        lastModifiedDate: '2026-11-27T10:00:02.311Z',
      },
    ]);
    expect([...(bandwidth.requests[0]?.query.keys() ?? [])]).toEqual([]);
  });

  test('no orders reads as an empty list', async () => {
    bandwidth.onAccount('GET', '/importTnOrders', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-list-empty.xml'),
    });

    await expect(bandwidth.client().listImportOrders({ customerOrderId: 'unknown' })).resolves.toEqual([]);
  });
});

describe('getImportOrderHistory', () => {
  test('reads every step with the status upper-cased', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/b05de7e6/history', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-history.xml'),
    });

    const history = await bandwidth.client().getImportOrderHistory('b05de7e6');

    expect(history).toEqual([
      {
        date: '2020-02-11T15:51:18.363Z',
        note: 'Import TN order has been received by the system.',
        author: 'hostflow-api-user',
        status: 'RECEIVED',
      },
      {
        date: '2020-02-11T15:51:18.521Z',
        note: 'Import TN order has failed.',
        author: 'hostflow-api-user',
        status: 'FAILED',
      },
    ]);
  });
});
