import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { ACCOUNT_LEVEL_TN_OPTION_CODES, type TnOptionOrderInput } from '../../bandwidth/index.js';
import {
  ACCOUNT_ID,
  XML_HEADERS,
  fixture,
  rejectionOf,
  startFakeBandwidth,
  type FakeBandwidth,
} from './bandwidth-test-kit.js';

let bandwidth: FakeBandwidth;
let v2: FakeBandwidth;

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
  v2 = await startFakeBandwidth({ basePath: '/api/v2' });
});
afterAll(async () => {
  await bandwidth.close();
  await v2.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
  v2.requests.length = 0;
});

const campaignOrder: TnOptionOrderInput = {
  customerOrderId: 'marktestorders-campaign',
  groups: [
    {
      sms: true,
      a2p: { action: 'asSpecified', campaignId: 'C1A2B3C' },
      telephoneNumbers: ['3032281000', '3032287777'],
    },
  ],
};

describe('isInService', () => {
  test('200 with no body is in service, 404 is not', async () => {
    bandwidth.onAccount('GET', '/inserviceNumbers/3032281000', { status: 200 });
    bandwidth.onAccount('GET', '/inserviceNumbers/3032288888', { status: 404 });

    await expect(bandwidth.client().isInService('3032281000')).resolves.toBe(true);
    await expect(bandwidth.client().isInService('+13032288888')).resolves.toBe(false);
    expect(bandwidth.requests.map((request) => request.path)).toEqual([
      bandwidth.accountPath('/inserviceNumbers/3032281000'),
      bandwidth.accountPath('/inserviceNumbers/3032288888'),
    ]);
  });

  test('v2 asks with the E.164 number in the path', async () => {
    v2.onAccount('GET', '/inserviceNumbers/+13032281000', { status: 200 });

    await expect(v2.client().isInService('3032281000')).resolves.toBe(true);
    expect(v2.requests[0]?.path).toBe('/api/v2/accounts/9900012/inserviceNumbers/+13032281000');
  });

  test('any other answer is an error, not a verdict', async () => {
    bandwidth.onAccount('GET', '/inserviceNumbers/3032281000', { status: 503 });
    await expect(bandwidth.client().isInService('3032281000')).rejects.toMatchObject({
      code: 'BANDWIDTH_SERVER_ERROR',
      endpoint: 'GET /inserviceNumbers/{tn}',
    });

    bandwidth.onAccount('GET', '/inserviceNumbers/3032281000', { status: 401 });
    await expect(bandwidth.client().isInService('3032281000')).rejects.toMatchObject({
      code: 'BANDWIDTH_UNAUTHORIZED',
    });
  });
});

describe('TN option orders', () => {
  test('createTnOptionOrder sends SMS on and the campaign, and reads the 201 answer', async () => {
    bandwidth.onAccount('POST', '/tnoptions', {
      status: 201,
      headers: {
        ...XML_HEADERS,
        location: `https://dashboard.bandwidth.com/api/accounts/${ACCOUNT_ID}/tnoptions/ddbdc72e-dc27-490c-904e-d0c11291b095`,
      },
      body: fixture('tn-option-order-created.xml'),
    });

    const order = await bandwidth.client().createTnOptionOrder(campaignOrder);

    expect(bandwidth.requests[0]?.path).toBe(bandwidth.accountPath('/tnoptions'));
    expect(bandwidth.requests[0]?.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(bandwidth.requests[0]?.text).toBe(fixture('tn-option-order-request.xml'));
    expect(order).toEqual({
      orderId: 'ddbdc72e-dc27-490c-904e-d0c11291b095',
      processingStatus: 'RECEIVED',
      groups: [
        {
          sms: 'on',
          a2p: { action: 'asSpecified', campaignId: 'C1A2B3C' },
          telephoneNumbers: ['3032281000', '3032287777'],
        },
      ],
      telephoneNumbers: ['3032281000', '3032287777'],
      errors: [],
      warnings: [],
      orderCreateDate: '2016-01-15T12:01:14.324Z',
      lastModifiedDate: '2016-01-15T12:01:14.324Z',
    });
  });

  test('a 201 with only a Location (as the Node SDK expects) reads as RECEIVED', async () => {
    bandwidth.onAccount('POST', '/tnoptions', {
      status: 201,
      headers: { location: `/accounts/${ACCOUNT_ID}/tnoptions/1` },
    });

    await expect(bandwidth.client().createTnOptionOrder(campaignOrder)).resolves.toEqual({
      orderId: '1',
      customerOrderId: 'marktestorders-campaign',
      processingStatus: 'RECEIVED',
      groups: [
        {
          sms: 'on',
          a2p: { action: 'asSpecified', campaignId: 'C1A2B3C' },
          telephoneNumbers: ['3032281000', '3032287777'],
        },
      ],
      telephoneNumbers: ['3032281000', '3032287777'],
      errors: [],
      warnings: [],
    });
  });

  test('getTnOptionOrder reads per-number errors and warnings', async () => {
    bandwidth.onAccount('GET', '/tnoptions/ddbdc72e-dc27-490c-904e-d0c11291b095', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('tn-option-order-partial.xml'),
    });

    const order = await bandwidth.client().getTnOptionOrder('ddbdc72e-dc27-490c-904e-d0c11291b095');

    expect(order).toMatchObject({
      processingStatus: 'PARTIAL',
      telephoneNumbers: ['3032281000', '3032287777'],
      errors: [
        {
          code: '5160',
          description:
            'The account does not own messaging service on the number 3032287777. These attributes cannot be overwritten: A2pSettings',
          telephoneNumbers: ['3032287777'],
        },
      ],
      warnings: [{ telephoneNumber: '3032281000', description: 'SMS is already Enabled or number is in processing.' }],
    });
    expect(order.accountLevelError).toBeUndefined();
  });

  test('v2: /tnoptions keeps its path, numbers go out and come back in E.164 → 10 digits', async () => {
    v2.onAccount('POST', '/tnoptions', {
      status: 201,
      headers: { location: '/api/v2/accounts/9900012/tnoptions/o-2' },
    });
    v2.onAccount('GET', '/tnoptions/409033ee-88ec-43e3-85f3-538f30733963', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('v2-tn-option-order.xml'),
    });

    await v2.client().createTnOptionOrder(campaignOrder);
    const order = await v2.client().getTnOptionOrder('409033ee-88ec-43e3-85f3-538f30733963');

    expect(v2.requests[0]?.path).toBe('/api/v2/accounts/9900012/tnoptions');
    expect(v2.requests[0]?.text).toContain('<TelephoneNumber>+13032287777</TelephoneNumber>');
    expect(order).toMatchObject({
      processingStatus: 'COMPLETE',
      telephoneNumbers: ['2174101601'],
      warnings: [{ telephoneNumber: '2174101601' }],
      errors: [],
    });
  });

  test('an order refused for the account (5139) is BANDWIDTH_A2P_NOT_ENABLED', async () => {
    bandwidth.onAccount('POST', '/tnoptions', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('tn-option-order-error-a2p-not-enabled.xml'),
    });

    const error = await rejectionOf(bandwidth.client().createTnOptionOrder(campaignOrder));

    expect(error).toMatchObject({
      name: 'BandwidthError',
      code: 'BANDWIDTH_A2P_NOT_ENABLED',
      status: 400,
      retryable: false,
      errors: [{ code: '5139' }],
    });
    expect(ACCOUNT_LEVEL_TN_OPTION_CODES).toEqual(['5133', '5139']);
  });

  test('the same answer with 5133 (the location) on a 409 too', async () => {
    bandwidth.onAccount('POST', '/tnoptions', {
      status: 409,
      headers: XML_HEADERS,
      body: fixture('tn-option-order-error-a2p-not-enabled.xml').replace('5139', '5133'),
    });

    await expect(bandwidth.client().createTnOptionOrder(campaignOrder)).rejects.toMatchObject({
      code: 'BANDWIDTH_A2P_NOT_ENABLED',
      status: 409,
    });
  });

  test('a per-number refusal (5132) stays a BANDWIDTH_BAD_REQUEST with its code', async () => {
    bandwidth.onAccount('POST', '/tnoptions', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('tn-option-order-error-per-number.xml'),
    });

    await expect(bandwidth.client().createTnOptionOrder(campaignOrder)).rejects.toMatchObject({
      code: 'BANDWIDTH_BAD_REQUEST',
      errors: [{ code: '5132', description: "SMS attribute should be 'ON' for provisioning A2P" }],
    });
  });

  test('an order FAILED for the account reads with accountLevelError set', async () => {
    bandwidth.onAccount('GET', '/tnoptions/t-1', {
      status: 200,
      headers: XML_HEADERS,
      body:
        '<TnOptionOrder><OrderId>t-1</OrderId><ProcessingStatus>FAILED</ProcessingStatus><ErrorList><Error>' +
        '<Code>5133</Code><Description>A2P provisioning for Long Code telephone numbers requires permissive A2P Long Code ' +
        'value to be set on corresponding Sip peer</Description></Error></ErrorList></TnOptionOrder>',
    });

    const order = await bandwidth.client().getTnOptionOrder('t-1');

    expect(order.accountLevelError).toMatchObject({ code: '5133', telephoneNumbers: [] });
  });

  test('an unknown ProcessingStatus is an unreadable answer, not a guess', async () => {
    bandwidth.onAccount('GET', '/tnoptions/t-2', {
      status: 200,
      headers: XML_HEADERS,
      body: '<TnOptionOrder><OrderId>t-2</OrderId><ProcessingStatus>EXPLODED</ProcessingStatus></TnOptionOrder>',
    });

    await expect(bandwidth.client().getTnOptionOrder('t-2')).rejects.toMatchObject({
      name: 'BandwidthXmlError',
      code: 'BANDWIDTH_XML_INVALID',
      endpoint: 'GET /tnoptions/{orderId}',
    });
  });

  test.each([
    ['no groups', { groups: [] }],
    ['a group without numbers', { groups: [{ sms: true, telephoneNumbers: [] }] }],
    ['a group without options', { groups: [{ telephoneNumbers: ['3032281000'] }] }],
  ])('%s is refused before any call', async (_what, order) => {
    await expect(bandwidth.client().createTnOptionOrder(order)).rejects.toMatchObject({
      code: 'BANDWIDTH_INVALID_INPUT',
    });
    expect(bandwidth.requests).toHaveLength(0);
  });

  test('listTnOptionOrders reads summaries and sends the filters', async () => {
    bandwidth.onAccount('GET', '/tnoptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('tn-option-order-list-summary.xml'),
    });

    const summaries = await bandwidth.client().listTnOptionOrders({
      customerOrderId: 'marktestorders-campaign',
      status: ['COMPLETE', 'FAILED'],
      tn: '+13032281000',
    });

    expect(summaries).toEqual([
      {
        orderId: 'ddbdc72e-dc27-490c-904e-d0c11291b095',
        orderStatus: 'FAILED',
        countOfTNs: 2,
        orderDate: '2016-01-15T12:01:14.324Z',
        lastModifiedDate: '2016-01-15T12:01:14.363Z',
      },
      {
        orderId: '409033ee-88ec-43e3-85f3-538f30733963',
        orderStatus: 'COMPLETE',
        countOfTNs: 3,
        orderDate: '2016-01-15T11:22:58.789Z',
        lastModifiedDate: '2016-01-15T11:22:58.969Z',
      },
    ]);
    const query = bandwidth.requests[0]?.query;
    expect(query?.get('customerOrderId')).toBe('marktestorders-campaign');
    expect(query?.getAll('status')).toEqual(['COMPLETE', 'FAILED']);
    expect(query?.get('tn')).toBe('3032281000');
  });

  test('listTnOptionOrders reads the detailed report form too, and an empty answer as none', async () => {
    bandwidth.onAccount('GET', '/tnoptions', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('tn-option-order-list-report.xml'),
    });
    await expect(bandwidth.client().listTnOptionOrders()).resolves.toEqual([
      {
        orderId: 'ddbdc72e-dc27-490c-904e-d0c11291b095',
        orderStatus: 'FAILED',
        countOfTNs: 1,
        orderDate: '2016-01-15T12:01:14.324Z',
        lastModifiedDate: '2016-01-15T12:01:14.363Z',
      },
    ]);

    bandwidth.onAccount('GET', '/tnoptions', { status: 200 });
    await expect(bandwidth.client().listTnOptionOrders()).resolves.toEqual([]);
  });
});
