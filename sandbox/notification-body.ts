import type { Dialect } from './dialect.js';
import type { SandboxOrder } from './model.js';
import { el, optionalEl, PLAIN_XML_DECLARATION, renderXml } from './xml-build.js';

/** Bandwidth's `OrderType` on callbacks and subscriptions for each kind of order (subscriptions.mdx). */
export const NOTIFICATION_ORDER_TYPES = {
  import: 'importtnorders',
  removal: 'removeImportedTnOrders',
  tnOption: 'tnoptions',
} as const;

/** The one event type Bandwidth documents (subscriptions.mdx "Event Types"). */
export const MESSAGING_LOST = 'MESSAGING_LOST';

/** Which list an event names its numbers in: eventWebhook.md's, or the RAML's and an OpenAPI schema's. */
export type EventNumberList = 'ImpactedTelephoneNumbers' | 'CompletedTelephoneNumbers';

export interface NotificationContent {
  status: string;
  message: string;
  note: string;
  lastModifiedDate: string;
}

function render(dialect: Dialect, notification: ReturnType<typeof el>, key: string): string {
  return renderXml(dialect.arrange(notification, key), PLAIN_XML_DECLARATION);
}

/** A status change, as the seed's "ImportTnOrder Status Webhook" shows it (in the dialect's element order). */
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
  return render(dialect, notification, `${order.orderId}/notification/${content.status}`);
}

/**
 * A note added to an order. Bandwidth calls the webhook "whenever an order … changes state or has a
 * note added to it"; by the RAML's comments a note event carries `<Note>` and no `<Status>` (nor the
 * status `<Message>`).
 */
export function renderNoteNotification(
  order: SandboxOrder,
  subscriptionId: string,
  note: string,
  lastModifiedDate: string,
  dialect: Dialect,
): string {
  const notification = el(
    'Notification',
    el('SubscriptionId', subscriptionId),
    el('OrderType', NOTIFICATION_ORDER_TYPES[order.kind]),
    el('OrderId', order.orderId),
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('Note', note),
    el('LastModifiedDate', lastModifiedDate),
  );
  return render(dialect, notification, `${order.orderId}/notification/note`);
}

/**
 * An event (eventWebhook.md): `<Notification><SubscriptionId/><EventType/><ImpactedTelephoneNumbers>
 * <TelephoneNumber/>…` — or `CompletedTelephoneNumbers`, as the RAML writes the list.
 */
export function renderEventNotification(
  subscriptionId: string,
  eventType: string,
  telephoneNumbers: readonly string[],
  list: EventNumberList,
  dialect: Dialect,
): string {
  const notification = el(
    'Notification',
    el('SubscriptionId', subscriptionId),
    el('EventType', eventType),
    el(
      list,
      telephoneNumbers.map((tn) => el('TelephoneNumber', tn)),
    ),
  );
  return render(dialect, notification, `event/${eventType}/${telephoneNumbers.join(',')}`);
}
