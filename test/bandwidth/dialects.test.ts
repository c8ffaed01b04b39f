import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import {
  basicAuth,
  createBandwidthClient,
  dialectOfBaseUrl,
  fromWireNumber,
  toWireNumber,
  type ImportOrderInput,
} from '../../bandwidth/index.js';
import {
  ACCOUNT_ID,
  API_USER,
  XML_HEADERS,
  fixture,
  startFakeBandwidth,
  type FakeBandwidth,
} from './bandwidth-test-kit.js';

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

describe('the dialect follows the base URL', () => {
  test.each([
    ['https://dashboard.bandwidth.com/api', 'v1'],
    ['https://dashboard.bandwidth.com/api/', 'v1'],
    ['https://dashboard.bandwidth.com/api/v1', 'v1'],
    ['https://dashboard.bandwidth.com/v1.0', 'v1'],
    ['https://dashboard.bandwidth.com/v1.0/', 'v1'],
    ['https://api.bandwidth.com/api', 'v1'],
    ['https://api.bandwidth.com/api/v1', 'v1'],
    ['https://api.bandwidth.com/api/v2', 'v2'],
    ['https://api.bandwidth.com/api/v2/', 'v2'],
    ['https://dashboard.bandwidth.com/API/V2', 'v2'],
    ['http://127.0.0.1:4010/api/v2', 'v2'],
    ['https://api.bandwidth.com/api/v2/extra', 'v1'],
  ])('%s is %s', (baseUrl, dialect) => {
    expect(dialectOfBaseUrl(baseUrl)).toBe(dialect);
    expect(createBandwidthClient({ baseUrl, accountId: ACCOUNT_ID, auth: basicAuth(API_USER) }).dialect).toBe(dialect);
  });

  test('numbers: E.164 out in v2, 10 digits out in v1, both read back as 10 digits', () => {
    expect(toWireNumber('3032281000', 'v2')).toBe('+13032281000');
    expect(toWireNumber('+13032281000', 'v2')).toBe('+13032281000');
    expect(toWireNumber('+13032281000', 'v1')).toBe('3032281000');
    expect(toWireNumber('3032281000', 'v1')).toBe('3032281000');
    // Anything that is not a NANP number goes out as given, for Bandwidth to refuse with its own code.
    expect(toWireNumber('303228100', 'v2')).toBe('303228100');
    expect(toWireNumber('+442071838750', 'v1')).toBe('+442071838750');
    expect(fromWireNumber('+13032281000')).toBe('3032281000');
    expect(fromWireNumber('13032281000')).toBe('3032281000');
    expect(fromWireNumber('0195551234')).toBe('0195551234');
    expect(fromWireNumber('+442071838750')).toBe('+442071838750');
  });
});

describe('v2, the Universal Platform, over HTTP', () => {
  let bandwidth: FakeBandwidth;
  beforeAll(async () => {
    bandwidth = await startFakeBandwidth({ basePath: '/api/v2' });
  });
  afterAll(async () => {
    await bandwidth.close();
  });
  beforeEach(() => {
    bandwidth.requests.length = 0;
  });

  test('importTnChecker keeps its path, gets E.164 and answers read back as 10 digits', async () => {
    bandwidth.onAccount('POST', '/importTnChecker', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('v2-import-tn-checker-response.xml'),
    });

    const result = await bandwidth
      .client()
      .checkImportability({ telephoneNumbers: ['3032281000', '4109235436', '+14104685864'], siteId: '14413' });

    expect(result).toEqual({
      importable: ['3032281000'],
      rejected: [
        {
          code: '19006',
          description: 'Bandwidth numbers cannot be imported by this account at this time.',
          telephoneNumbers: ['4109235436', '4104685864'],
        },
      ],
    });
    expect(bandwidth.requests[0]?.path).toBe('/api/v2/accounts/9900012/importTnChecker');
    expect(bandwidth.requests[0]?.text).toContain('<TelephoneNumber>+13032281000</TelephoneNumber>');
    expect(bandwidth.requests[0]?.text).toContain('<TelephoneNumber>+14104685864</TelephoneNumber>');
    expect(bandwidth.requests[0]?.text).not.toMatch(/<TelephoneNumber>\d/);
  });

  test('an import order is created at /importTnOrders/messaging with E.164 numbers', async () => {
    bandwidth.onAccount('POST', '/importTnOrders/messaging', {
      status: 201,
      headers: {
        ...XML_HEADERS,
        location: `https://api.bandwidth.com/api/v2/accounts/${ACCOUNT_ID}/importTnOrders/messaging/b05de7e6-0cab-4c83-81bb-9379cba8efd0`,
      },
      body: fixture('v2-import-tn-order-response.xml'),
    });

    const order = await bandwidth.client().createImportOrder(seedOrder);

    expect(bandwidth.requests[0]?.path).toBe('/api/v2/accounts/9900012/importTnOrders/messaging');
    expect(bandwidth.requests[0]?.text).toBe(fixture('v2-import-tn-order-request.xml'));
    expect(order).toMatchObject({
      orderId: 'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
      processingStatus: 'PROCESSING',
      telephoneNumbers: ['3032281000', '3032280004'],
      errors: [],
    });
  });

  test('an order, its history and its list are read under /importTnOrders/messaging, numbers as 10 digits', async () => {
    const orderId = 'bf1305b8-8998-1111-2222-51ba3ce52d4e';
    bandwidth.onAccount('GET', `/importTnOrders/messaging/${orderId}`, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('v2-import-tn-order-partial.xml'),
    });
    bandwidth.onAccount('GET', `/importTnOrders/messaging/${orderId}/history`, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-history.xml'),
    });
    bandwidth.onAccount('GET', '/importTnOrders/messaging', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-order-list-empty.xml'),
    });
    const client = bandwidth.client();

    const order = await client.getImportOrder(orderId);
    await client.getImportOrderHistory(orderId);
    await client.listImportOrders({ tn: '3032281000', customerOrderId: 'marktestorders' });

    expect(order).toMatchObject({
      processingStatus: 'PARTIAL',
      telephoneNumbers: ['2106078250', '2109678273', '2262665583'],
      errors: [{ code: '7518', description: 'Telephone Number Not Active.', telephoneNumbers: ['2262665583'] }],
    });
    expect(bandwidth.requests.map((request) => request.path)).toEqual([
      `/api/v2/accounts/9900012/importTnOrders/messaging/${orderId}`,
      `/api/v2/accounts/9900012/importTnOrders/messaging/${orderId}/history`,
      '/api/v2/accounts/9900012/importTnOrders/messaging',
    ]);
    expect(bandwidth.requests[2]?.query.get('tn')).toBe('+13032281000');
  });

  test('an unreadable v2 answer names the v2 endpoint', async () => {
    bandwidth.onAccount('GET', '/importTnOrders/messaging/x', { status: 200, headers: XML_HEADERS, body: '<Nope/>' });

    await expect(bandwidth.client().getImportOrder('x')).rejects.toMatchObject({
      name: 'BandwidthXmlError',
      endpoint: 'GET /importTnOrders/messaging/{orderId}',
    });
  });

  test('LOA files live under /importTnOrders/messaging/{orderId}/loas', async () => {
    const orderId = 'b05de7e6-0cab-4c83-81bb-9379cba8efd0';
    bandwidth.onAccount('POST', `/importTnOrders/messaging/${orderId}/loas`, {
      status: 201,
      headers: XML_HEADERS,
      body: fixture('loa-upload-response.xml'),
    });
    bandwidth.onAccount('GET', `/importTnOrders/messaging/${orderId}/loas`, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('loa-file-list.xml'),
    });
    bandwidth.onAccount('GET', `/importTnOrders/messaging/${orderId}/loas/f.pdf`, {
      status: 200,
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF'),
    });
    bandwidth.onAccount('DELETE', `/importTnOrders/messaging/${orderId}/loas/f.pdf`, { status: 200 });
    const client = bandwidth.client();

    await client.uploadLoa(orderId, { contentType: 'application/pdf', data: Buffer.from('%PDF'), documentType: 'LOA' });
    await client.listLoas(orderId);
    await client.downloadLoa(orderId, 'f.pdf');
    await client.deleteLoa(orderId, 'f.pdf');

    expect(bandwidth.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /api/v2/accounts/9900012/importTnOrders/messaging/${orderId}/loas`,
      `GET /api/v2/accounts/9900012/importTnOrders/messaging/${orderId}/loas`,
      `GET /api/v2/accounts/9900012/importTnOrders/messaging/${orderId}/loas/f.pdf`,
      `DELETE /api/v2/accounts/9900012/importTnOrders/messaging/${orderId}/loas/f.pdf`,
    ]);
  });

  test('removals go to /removeImportedTnOrders/messaging with E.164 numbers', async () => {
    const orderId = '7a8c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    bandwidth.onAccount('POST', '/removeImportedTnOrders/messaging', {
      status: 201,
      headers: {
        location: `https://api.bandwidth.com/api/v2/accounts/${ACCOUNT_ID}/removeImportedTnOrders/messaging/${orderId}`,
      },
    });
    bandwidth.onAccount('GET', `/removeImportedTnOrders/messaging/${orderId}`, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('remove-imported-tn-order-failed.xml').replace(
        /<TelephoneNumber>(\d{10})</g,
        '<TelephoneNumber>+1$1<',
      ),
    });
    bandwidth.onAccount('GET', '/removeImportedTnOrders/messaging', { status: 200, headers: XML_HEADERS, body: '' });
    bandwidth.onAccount('GET', `/removeImportedTnOrders/messaging/${orderId}/history`, {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('remove-imported-tn-order-history.xml'),
    });
    const client = bandwidth.client();

    const created = await client.createRemoveImportedTnOrder({
      customerOrderId: 'unhost-1',
      telephoneNumbers: ['3032281000'],
    });
    const read = await client.getRemoveImportedTnOrder(orderId);
    await client.listRemoveImportedTnOrders({ customerOrderId: 'unhost-1' });
    await client.getRemoveImportedTnOrderHistory(orderId);

    expect(created).toMatchObject({ orderId, processingStatus: 'RECEIVED', telephoneNumbers: ['3032281000'] });
    expect(bandwidth.requests[0]?.text).toContain('<TelephoneNumber>+13032281000</TelephoneNumber>');
    expect(read.telephoneNumbers.every((tn) => /^\d{10}$/.test(tn))).toBe(true);
    expect(read.errors.flatMap((error) => error.telephoneNumbers).every((tn) => /^\d{10}$/.test(tn))).toBe(true);
    expect(bandwidth.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v2/accounts/9900012/removeImportedTnOrders/messaging',
      `GET /api/v2/accounts/9900012/removeImportedTnOrders/messaging/${orderId}`,
      'GET /api/v2/accounts/9900012/removeImportedTnOrders/messaging',
      `GET /api/v2/accounts/9900012/removeImportedTnOrders/messaging/${orderId}/history`,
    ]);
  });

  test('subscriptions are created with <NumberFormat>E164</NumberFormat>', async () => {
    bandwidth.onAccount('POST', '/subscriptions', {
      status: 201,
      headers: { location: `/api/v2/accounts/${ACCOUNT_ID}/subscriptions/s-1` },
    });

    await bandwidth.client().createSubscription({
      orderType: 'importtnorders',
      url: 'https://hostflow.example.com/webhooks/bandwidth/orders',
      expirySeconds: 3_153_600_000,
      credentials: { username: 'bandwidth-callback', password: 'cb-pa55&<word>' },
    });

    expect(bandwidth.requests[0]?.text).toBe(fixture('v2-subscription-request.xml'));
  });
});

describe('v1 bases all speak v1', () => {
  test.each(['/api', '/api/v1', '/v1.0'])(
    '%s: /importTnOrders, 10-digit numbers, +1 input accepted',
    async (basePath) => {
      const bandwidth = await startFakeBandwidth({ basePath });
      try {
        bandwidth.onAccount('POST', '/importTnOrders', {
          status: 201,
          headers: XML_HEADERS,
          body: fixture('import-tn-order-response-singular-root.xml'),
        });
        const client = bandwidth.client();

        await client.createImportOrder({ ...seedOrder, telephoneNumbers: ['+13032281000', '3032280004'] });

        expect(client.dialect).toBe('v1');
        expect(bandwidth.requests[0]?.path).toBe(`${basePath}/accounts/9900012/importTnOrders`);
        expect(bandwidth.requests[0]?.text).toBe(fixture('import-tn-order-request.xml'));
      } finally {
        await bandwidth.close();
      }
    },
  );

  test('a v1 answer with E.164 numbers still reads as 10 digits', async () => {
    const bandwidth = await startFakeBandwidth();
    try {
      bandwidth.onAccount('GET', '/importTnOrders/o-1', {
        status: 200,
        headers: XML_HEADERS,
        body: fixture('v2-import-tn-order-partial.xml'),
      });

      const order = await bandwidth.client().getImportOrder('o-1');

      expect(order.telephoneNumbers).toEqual(['2106078250', '2109678273', '2262665583']);
    } finally {
      await bandwidth.close();
    }
  });
});
