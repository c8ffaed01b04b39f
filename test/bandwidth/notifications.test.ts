import { describe, expect, test } from '@jest/globals';
import { BandwidthXmlError, parseNotification, parseOrderNotification } from '../../bandwidth/index.js';
import { fixture } from './bandwidth-test-kit.js';

function refusal(body: string | Uint8Array, options?: { maxBytes?: number }): BandwidthXmlError {
  try {
    parseNotification(body, options);
  } catch (error) {
    if (error instanceof BandwidthXmlError) return error;
    throw error;
  }
  throw new Error('expected the notification to be refused');
}

describe('parseNotification reads every kind of callback', () => {
  test("the seed's status change", () => {
    expect(parseNotification(fixture('notification.xml'))).toEqual({
      kind: 'orderStatus',
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

  test.each([
    ['PROCESSING', 'notification-processing.xml'],
    ['EXCEPTION', 'notification-exception.xml'],
  ])('a %s status change', (status, file) => {
    expect(parseNotification(fixture(file))).toMatchObject({
      kind: 'orderStatus',
      orderType: 'importtnorders',
      orderId: 'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
      status,
    });
  });

  test('a note added to an order: <Note>, no <Status>', () => {
    expect(parseNotification(fixture('notification-note-only.xml'))).toEqual({
      kind: 'orderNote',
      subscriptionId: '5a7ee4f0-1f1c-4f3c-8a3e-7c5e1a0b2c11',
      orderType: 'importtnorders',
      orderId: 'b05de7e6-0cab-4c83-81bb-9379cba8efd0',
      customerOrderId: 'marktestorders',
      note: 'LOA received, numbers will be activated tomorrow.',
      lastModifiedDate: '2026-11-27T10:05:00.000Z',
    });
  });

  test('MESSAGING_LOST with <ImpactedTelephoneNumbers>, numbers in 10 digits whichever form', () => {
    expect(parseNotification(fixture('notification-messaging-lost-impacted.xml'))).toEqual({
      kind: 'messagingLost',
      subscriptionId: '4025131f-a05f-4269-8ad6-f38efbf23cea',
      eventType: 'MESSAGING_LOST',
      telephoneNumbers: ['3032281000', '3032280004'],
    });
  });

  test('MESSAGING_LOST with <CompletedTelephoneNumbers> in the shape of the spec', () => {
    expect(parseNotification(fixture('notification-messaging-lost-completed.xml'))).toEqual({
      kind: 'messagingLost',
      subscriptionId: '4025131f-a05f-4269-8ad6-f38efbf23cea',
      eventType: 'MESSAGING_LOST',
      telephoneNumbers: ['3032281000'],
    });
  });

  test('MESSAGING_LOST numbers in any of the list shapes, duplicates once', () => {
    const notice = parseNotification(
      '<Notification><EventType>messaging_lost</EventType><CompletedTelephoneNumbers><TelephoneNumbers>' +
        '<TelephoneNumber>+13032281000</TelephoneNumber><TelephoneNumber>3032280004</TelephoneNumber>' +
        '</TelephoneNumbers></CompletedTelephoneNumbers><ImpactedTelephoneNumbers><TelephoneNumber>3032281000' +
        '</TelephoneNumber></ImpactedTelephoneNumbers></Notification>',
    );

    expect(notice).toEqual({
      kind: 'messagingLost',
      eventType: 'MESSAGING_LOST',
      telephoneNumbers: ['3032281000', '3032280004'],
    });
  });

  test('a removal status change carries its completed numbers; tnoptions are known too', () => {
    expect(parseNotification(fixture('notification-completed-numbers.xml'))).toEqual({
      kind: 'orderStatus',
      subscriptionId: '5a7ee4f0-1f1c-4f3c-8a3e-7c5e1a0b2c11',
      orderType: 'removeImportedTnOrders',
      orderId: '7a8c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      status: 'COMPLETE',
      completedTelephoneNumbers: ['3032281000'],
    });
    expect(
      parseNotification(
        '<Notification><OrderType>TNOPTIONS</OrderType><OrderId>t-1</OrderId><Status>partial</Status></Notification>',
      ),
    ).toEqual({ kind: 'orderStatus', orderType: 'tnoptions', orderId: 't-1', status: 'PARTIAL' });
  });

  test('another order type is unknown, carrying what it has', () => {
    expect(parseNotification(fixture('notification-unknown-order-type.xml'))).toEqual({
      kind: 'unknown',
      subscriptionId: '23bba4e1-50f1-4461-94b1-33d223e886dc',
      orderType: 'portins',
      orderId: 'ee456cfb-d237-4adc-b3f8-9db03d2e62a2',
      status: 'FOC',
      telephoneNumbers: [],
    });
  });

  test('another event type is unknown, its numbers read', () => {
    expect(parseNotification(fixture('notification-unknown-event.xml'))).toEqual({
      kind: 'unknown',
      subscriptionId: '4025131f-a05f-4269-8ad6-f38efbf23cea',
      eventType: 'VOICE_LOST',
      telephoneNumbers: ['3032281000'],
    });
  });

  test.each([
    ['an empty Notification', '<Notification/>'],
    [
      'an order without Status or Note',
      '<Notification><OrderType>importtnorders</OrderType><OrderId>o</OrderId></Notification>',
    ],
    [
      'a status without OrderId',
      '<Notification><OrderType>importtnorders</OrderType><Status>COMPLETE</Status></Notification>',
    ],
    ['MESSAGING_LOST without numbers', '<Notification><EventType>MESSAGING_LOST</EventType></Notification>'],
  ])('%s is unknown, not an error', (_what, body) => {
    expect(parseNotification(body)).toMatchObject({ kind: 'unknown' });
  });

  test.each([
    ['truncated XML', '<Notification><OrderId>b05de7e6</OrderId><Status>COMPLETE'],
    ['not XML at all', 'status=COMPLETE&orderId=b05de7e6'],
    ['an empty body', ''],
    ['another document', '<ImportTnOrder><OrderId>b05de7e6</OrderId></ImportTnOrder>'],
    ['invalid UTF-8', Uint8Array.from([0x3c, 0x4e, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x4e, 0x3e])],
  ])('%s stays a BandwidthXmlError', (_what, body) => {
    expect(refusal(body)).toMatchObject({ name: 'BandwidthXmlError', code: 'BANDWIDTH_XML_INVALID' });
  });

  test('DOCTYPE and oversized bodies are refused as before', () => {
    expect(refusal(fixture('doctype-entity-expansion.xml'))).toMatchObject({ code: 'BANDWIDTH_XML_UNSAFE' });
    expect(refusal(fixture('notification.xml'), { maxBytes: 100 })).toMatchObject({ code: 'BANDWIDTH_XML_TOO_LARGE' });
  });

  test('an ISO-8859-1 notification is decoded by its declaration', () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><Notification><OrderType>importtnorders</OrderType>' +
        '<OrderId>o-1</OrderId><Note>Café ouvert</Note></Notification>',
      'latin1',
    );

    expect(parseNotification(latin1)).toMatchObject({ kind: 'orderNote', note: 'Café ouvert' });
  });

  test('parseOrderNotification keeps its contract: status changes only', () => {
    expect(parseOrderNotification(fixture('notification-processing.xml')).status).toBe('PROCESSING');
    expect(() => parseOrderNotification(fixture('notification-note-only.xml'))).toThrow(BandwidthXmlError);
  });
});
