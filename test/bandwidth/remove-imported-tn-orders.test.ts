import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { BandwidthError } from '../../bandwidth/index.js';
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

describe('un-hosting with removeImportedTnOrders', () => {
  test('creates the order from the XML Bandwidth expects and reads RemoveImportedTnOrdersResponse', async () => {
    bandwidth.onAccount('POST', '/removeImportedTnOrders', {
      status: 201,
      headers: {
        ...XML_HEADERS,
        location: '/api/accounts/9900012/removeImportedTnOrders/7527b3fc-3f72-4d0a-acae-ccc7e77857ed',
      },
      body: fixture('remove-imported-tn-order-response.xml'),
    });

    const order = await bandwidth.client().createRemoveImportedTnOrder({
      customerOrderId: 'unhost-2026-11',
      telephoneNumbers: ['9199918388', '4158714245'],
    });

    expect(order).toEqual({
      orderId: '7527b3fc-3f72-4d0a-acae-ccc7e77857ed',
      customerOrderId: 'unhost-2026-11',
      processingStatus: 'RECEIVED',
      telephoneNumbers: ['9199918388', '4158714245'],
      errors: [],
      orderCreateDate: '2020-02-11T18:18:48.794Z',
      lastModifiedDate: '2020-02-11T18:18:48.794Z',
    });
    expect(bandwidth.requests[0]?.path).toBe(bandwidth.accountPath('/removeImportedTnOrders'));
    expect(bandwidth.requests[0]?.text).toBe(fixture('remove-imported-tn-order-request.xml'));
  });

  test('a FAILED order reports 5158 for numbers never imported', async () => {
    bandwidth.onAccount('GET', '/removeImportedTnOrders/7a992c85-d164-46df-97c4-dac6030ec952', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('remove-imported-tn-order-failed.xml'),
    });

    const order = await bandwidth.client().getRemoveImportedTnOrder('7a992c85-d164-46df-97c4-dac6030ec952');

    expect(order.processingStatus).toBe('FAILED');
    expect(order.errors).toEqual([
      {
        code: '5158',
        description: "Telephone number hasn't been previously imported.",
        telephoneNumbers: ['9102402158'],
      },
    ]);
  });

  test('a 400 with 5158 is a permanent error', async () => {
    bandwidth.onAccount('POST', '/removeImportedTnOrders', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('remove-imported-tn-order-400.xml'),
    });

    const error = await rejectionOf(
      bandwidth.client().createRemoveImportedTnOrder({ telephoneNumbers: ['9102402158'] }),
    );

    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      code: 'BANDWIDTH_BAD_REQUEST',
      retryable: false,
      endpoint: 'POST /removeImportedTnOrders',
      errors: [{ code: '5158' }],
    });
    expect(bandwidth.requests[0]?.text).not.toContain('CustomerOrderId');
  });

  test('lists summaries with filters', async () => {
    bandwidth.onAccount('GET', '/removeImportedTnOrders', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('remove-imported-tn-order-list.xml'),
    });

    const list = await bandwidth.client().listRemoveImportedTnOrders({ tn: '9102402158', status: ['FAILED'] });

    expect(list).toEqual([
      {
        orderId: '6f220cc3-5cca-49a5-80ca-612e7d689ab1',
        customerOrderId: 'unhost-2026-11',
        orderStatus: 'FAILED',
        countOfTNs: 2,
        orderDate: '2020-02-05T15:33:52.517Z',
        lastModifiedDate: '2020-02-05T15:33:52.540Z',
      },
      {
        orderId: '7a992c85-d164-46df-97c4-dac6030ec952',
        orderStatus: 'COMPLETE',
        countOfTNs: 1,
        orderDate: '2020-02-04T18:01:54.434Z',
        lastModifiedDate: '2020-02-04T18:01:54.786Z',
      },
    ]);
    expect(bandwidth.requests[0]?.query.get('tn')).toBe('9102402158');
    expect(bandwidth.requests[0]?.query.getAll('status')).toEqual(['FAILED']);
  });

  test('reads the history with statuses upper-cased', async () => {
    bandwidth.onAccount('GET', '/removeImportedTnOrders/7a992c85/history', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('remove-imported-tn-order-history.xml'),
    });

    const history = await bandwidth.client().getRemoveImportedTnOrderHistory('7a992c85');

    expect(history.map((entry) => entry.status)).toEqual(['RECEIVED', 'PROCESSING', 'COMPLETE']);
    expect(history[2]).toEqual({
      date: '2020-02-04T18:01:54.786Z',
      note: 'Remove Imported TN order is complete.',
      author: 'hostflow-api-user',
      status: 'COMPLETE',
    });
  });
});
