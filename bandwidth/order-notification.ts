import { BandwidthXmlError } from './errors.js';
import { assign } from './optional-fields.js';
import {
  KNOWN_ORDER_TYPES,
  type BandwidthNotification,
  type MessagingLostNotification,
  type OrderNoteNotification,
  type OrderNotification,
  type OrderStatusNotification,
  type UnknownNotification,
} from './types.js';
import { parseXml } from './xml-parser.js';
import { childElement, childText, numbersUnder, requiredText } from './xml-reader.js';

/** Order notifications are a few hundred bytes; anything far larger is not one. */
export const DEFAULT_MAX_NOTIFICATION_BYTES = 64 * 1024;

/**
 * Parses Bandwidth's order `<Notification>` callback body; throws BandwidthXmlError on malformed,
 * unsafe (DOCTYPE/ENTITY) or oversized XML, or when OrderType, OrderId or Status is missing.
 * The notification is only a hint (it is not signed): re-read the order before acting on it.
 * Kept as it was for status changes; {@link parseNotification} reads every kind of callback.
 */
export function parseOrderNotification(
  body: string | Uint8Array,
  options: { maxBytes?: number } = {},
): OrderNotification {
  const { rootName, root } = parseXml(body, { maxBytes: options.maxBytes ?? DEFAULT_MAX_NOTIFICATION_BYTES });
  if (rootName.toLowerCase() !== 'notification') {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `Expected a <Notification>, got <${rootName}>`);
  }
  const context = { what: 'Notification' };
  const notification: OrderNotification = {
    orderType: requiredText(root, 'OrderType', context),
    orderId: requiredText(root, 'OrderId', context),
    status: requiredText(root, 'Status', context).toUpperCase(),
  };
  assign(notification, 'subscriptionId', childText(root, 'SubscriptionId'));
  assign(notification, 'customerOrderId', childText(root, 'CustomerOrderId'));
  assign(notification, 'message', childText(root, 'Message'));
  assign(notification, 'note', childText(root, 'Note'));
  assign(notification, 'lastModifiedDate', childText(root, 'LastModifiedDate'));
  return notification;
}

const KNOWN_ORDER_TYPE_BY_LOWER = new Map(KNOWN_ORDER_TYPES.map((type) => [type.toLowerCase(), type]));

/**
 * Reads any callback Bandwidth's subscriptions post, as one of four kinds:
 *
 * - `orderStatus`: an import, removal or TN option order changed state (any `<Status>`);
 * - `orderNote`: a note was added to such an order (`<Note>`, no `<Status>`);
 * - `messagingLost`: `<EventType>MESSAGING_LOST</EventType>` with the numbers under
 *   `<ImpactedTelephoneNumbers>` (the event webhook docs) or `<CompletedTelephoneNumbers>` (the
 *   spec's schema), in 10 digits whichever form they came in;
 * - `unknown`: anything else well-formed (another order type, another event, a notification with
 *   nothing to act on), with what it carries, so the caller can log it and answer 2xx.
 *
 * Malformed, unsafe (DOCTYPE/ENTITY) or oversized XML, and a root other than `<Notification>`,
 * are a BandwidthXmlError. Notifications are not signed: treat one as a hint and re-read the order.
 */
export function parseNotification(
  body: string | Uint8Array,
  options: { maxBytes?: number } = {},
): BandwidthNotification {
  const { rootName, root } = parseXml(body, { maxBytes: options.maxBytes ?? DEFAULT_MAX_NOTIFICATION_BYTES });
  if (rootName.toLowerCase() !== 'notification') {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `Expected a <Notification>, got <${rootName}>`);
  }
  const subscriptionId = childText(root, 'SubscriptionId');
  const eventType = childText(root, 'EventType');
  const orderTypeText = childText(root, 'OrderType');
  const orderId = childText(root, 'OrderId');
  const status = childText(root, 'Status')?.toUpperCase();
  const note = childText(root, 'Note');
  const numbers = [
    ...numbersUnder(childElement(root, 'ImpactedTelephoneNumbers')),
    ...numbersUnder(childElement(root, 'CompletedTelephoneNumbers')),
  ];
  const telephoneNumbers = [...new Set(numbers)];

  if (eventType !== undefined && eventType.toUpperCase() === 'MESSAGING_LOST' && telephoneNumbers.length > 0) {
    const lost: MessagingLostNotification = { kind: 'messagingLost', eventType: 'MESSAGING_LOST', telephoneNumbers };
    assign(lost, 'subscriptionId', subscriptionId);
    return lost;
  }

  const orderType =
    orderTypeText === undefined ? undefined : KNOWN_ORDER_TYPE_BY_LOWER.get(orderTypeText.toLowerCase());
  if (eventType === undefined && orderType !== undefined && orderId !== undefined) {
    if (status !== undefined) {
      const changed: OrderStatusNotification = { kind: 'orderStatus', orderType, orderId, status };
      assign(changed, 'subscriptionId', subscriptionId);
      assign(changed, 'customerOrderId', childText(root, 'CustomerOrderId'));
      assign(changed, 'message', childText(root, 'Message'));
      assign(changed, 'note', note);
      assign(changed, 'lastModifiedDate', childText(root, 'LastModifiedDate'));
      if (telephoneNumbers.length > 0) changed.completedTelephoneNumbers = telephoneNumbers;
      return changed;
    }
    if (note !== undefined) {
      const noted: OrderNoteNotification = { kind: 'orderNote', orderType, orderId, note };
      assign(noted, 'subscriptionId', subscriptionId);
      assign(noted, 'customerOrderId', childText(root, 'CustomerOrderId'));
      assign(noted, 'message', childText(root, 'Message'));
      assign(noted, 'lastModifiedDate', childText(root, 'LastModifiedDate'));
      return noted;
    }
  }

  const unknown: UnknownNotification = { kind: 'unknown', telephoneNumbers };
  assign(unknown, 'subscriptionId', subscriptionId);
  assign(unknown, 'orderType', orderTypeText);
  assign(unknown, 'eventType', eventType);
  assign(unknown, 'orderId', orderId);
  assign(unknown, 'customerOrderId', childText(root, 'CustomerOrderId'));
  assign(unknown, 'status', status);
  assign(unknown, 'message', childText(root, 'Message'));
  assign(unknown, 'note', note);
  assign(unknown, 'lastModifiedDate', childText(root, 'LastModifiedDate'));
  return unknown;
}
