import { describe, expect, test } from '@jest/globals';
import { BandwidthXmlError, parseOrderNotification } from '../../bandwidth/index.js';
import { fixture } from './bandwidth-test-kit.js';

function parseFailure(body: string | Uint8Array, options?: { maxBytes?: number }): BandwidthXmlError {
  try {
    parseOrderNotification(body, options);
  } catch (error) {
    if (error instanceof BandwidthXmlError) return error;
    throw error;
  }
  throw new Error('expected the notification to be refused');
}

describe('parseOrderNotification', () => {
  test("reads the seed's notification with every field, entities decoded", () => {
    expect(parseOrderNotification(fixture('notification.xml'))).toEqual({
      subscriptionId: '5a7ee4f0-1f1c-4f3c-8a3e-7c5e1a0b2c11',
      orderType: 'importtnorders',
      orderId: 'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
      customerOrderId: 'marktestorders',
      status: 'COMPLETE',
      message: 'Import TN order processing has started.',
      note: 'AT&T numbers <3> included',
      lastModifiedDate: '2026-11-27T10:00:02.000Z',
    });
  });

  test('reads a notification without CustomerOrderId (orders without one)', () => {
    const notice = parseOrderNotification(fixture('notification-without-customer-order-id.xml'));

    expect(notice).toEqual({
      subscriptionId: '5a7ee4f0-1f1c-4f3c-8a3e-7c5e1a0b2c11',
      orderType: 'importtnorders',
      orderId: 'ba87c8ef-4cc5-435d-a346-cda601776257',
      status: 'PARTIAL',
      message: 'Import TN order has completed partially.',
    });
    expect('customerOrderId' in notice).toBe(false);
  });

  test('reads bytes as well as text', () => {
    const notice = parseOrderNotification(new TextEncoder().encode(fixture('notification.xml')));

    expect(notice.orderId).toBe('b05de7e6-0cab-4c83-81bb-9379cba8efd0');
  });

  test('an empty CustomerOrderId reads as absent', () => {
    const notice = parseOrderNotification(
      '<Notification><OrderType>importtnorders</OrderType><OrderId>o-1</OrderId><CustomerOrderId></CustomerOrderId><Status>FAILED</Status></Notification>',
    );

    expect(notice).toEqual({ orderType: 'importtnorders', orderId: 'o-1', status: 'FAILED' });
  });

  test.each([
    ['truncated XML', '<Notification><OrderId>b05de7e6</OrderId><Status>COMPLETE'],
    ['not XML at all', 'status=COMPLETE&orderId=b05de7e6'],
    ['an empty body', ''],
    ['another document', '<ImportTnOrder><OrderId>b05de7e6</OrderId></ImportTnOrder>'],
    [
      'a notification without OrderId',
      '<Notification><OrderType>importtnorders</OrderType><Status>COMPLETE</Status></Notification>',
    ],
    [
      'a notification without Status',
      '<Notification><OrderType>importtnorders</OrderType><OrderId>o-1</OrderId></Notification>',
    ],
    [
      'two roots',
      '<Notification><OrderType>importtnorders</OrderType><OrderId>o-1</OrderId><Status>COMPLETE</Status></Notification><Notification/>',
    ],
    ['invalid UTF-8', Uint8Array.from([0x3c, 0x4e, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x4e, 0x3e])],
  ])('refuses %s as BANDWIDTH_XML_INVALID', (_what, body) => {
    const error = parseFailure(body);

    expect(error).toMatchObject({ name: 'BandwidthXmlError', code: 'BANDWIDTH_XML_INVALID' });
  });

  test('refuses a body over the size limit as BANDWIDTH_XML_TOO_LARGE', () => {
    const padded = fixture('notification.xml').replace('<Note>', `<Note>${'x'.repeat(70 * 1024)}`);

    expect(parseFailure(padded)).toMatchObject({ code: 'BANDWIDTH_XML_TOO_LARGE' });
    expect(parseFailure(fixture('notification.xml'), { maxBytes: 100 })).toMatchObject({
      code: 'BANDWIDTH_XML_TOO_LARGE',
    });
    expect(parseOrderNotification(padded, { maxBytes: 1024 * 1024 }).orderId).toBe(
      'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
    );
  });

  test.each([
    ['entity expansion', 'doctype-entity-expansion.xml'],
    ['an external entity', 'doctype-external-entity.xml'],
  ])('refuses a DOCTYPE with %s as BANDWIDTH_XML_UNSAFE', (_what, file) => {
    expect(parseFailure(fixture(file))).toMatchObject({ code: 'BANDWIDTH_XML_UNSAFE' });
  });

  test('leaves undefined entity references as written instead of expanding anything', () => {
    const notice = parseOrderNotification(
      '<Notification><OrderType>importtnorders</OrderType><OrderId>o-1</OrderId><Status>complete</Status><Note>&amp;lt; &#65;&#x42; &unknown;</Note></Notification>',
    );

    expect(notice.note).toBe('&lt; AB &unknown;');
    expect(notice.status).toBe('COMPLETE');
  });
});
