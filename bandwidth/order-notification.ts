import { BandwidthXmlError } from './errors.js';
import { assign } from './optional-fields.js';
import type { OrderNotification } from './types.js';
import { parseXml } from './xml-parser.js';
import { requiredText, childText } from './xml-reader.js';

/** Order notifications are a few hundred bytes; anything far larger is not one. */
export const DEFAULT_MAX_NOTIFICATION_BYTES = 64 * 1024;

/**
 * Parses Bandwidth's order `<Notification>` callback body; throws BandwidthXmlError on malformed,
 * unsafe (DOCTYPE/ENTITY) or oversized XML, or when OrderType, OrderId or Status is missing.
 * The notification is only a hint (it is not signed): re-read the order before acting on it.
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
