import type { Dialect } from './dialect.js';
import type { SandboxOrder } from './model.js';
import { el, optionalEl, PLAIN_XML_DECLARATION, renderXml } from './xml-build.js';

/** Bandwidth's `OrderType` on callbacks and subscriptions for each kind of order. */
export const NOTIFICATION_ORDER_TYPES = { import: 'importtnorders', removal: 'removeImportedTnOrders' } as const;

export interface NotificationContent {
  status: string;
  message: string;
  note: string;
  lastModifiedDate: string;
}

/** The callback body, as the seed's "ImportTnOrder Status Webhook" shows it (in the dialect's element order). */
export function renderNotification(
  order: SandboxOrder,
  subscriptionId: string,
  content: NotificationContent,
  dialect: Dialect,
): string {
  const notification = el(
    'Notification',
    el('SubscriptionId', subscriptionId),
    el('OrderType', NOTIFICATION_ORDER_TYPES[order.kind]),
    el('OrderId', order.orderId),
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('Status', content.status),
    el('Message', content.message),
    el('Note', content.note),
    el('LastModifiedDate', content.lastModifiedDate),
  );
  return renderXml(
    dialect.arrange(notification, `${order.orderId}/notification/${content.status}`),
    PLAIN_XML_DECLARATION,
  );
}
