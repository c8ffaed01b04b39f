import type { ApiGeneration, NumberFormat } from './api-generation.js';
import { errors, type BandwidthError } from './error-codes.js';
import type { Subscription } from './model.js';
import { MESSAGING_LOST } from './notification-body.js';
import { childNode, childText, type XmlNode } from './xml-parse.js';

/** Bandwidth's default when `Expiry` is left out: one day (numbers.yml `CallbackSubscription/Expiry`). */
export const DEFAULT_EXPIRY_SECONDS = 86_400;

/** The order types subscriptions.mdx lists ("Order Types"); matched case-insensitively. */
const ORDER_TYPES = [
  'portins',
  'orders',
  'portouts',
  'disconnects',
  'dldas',
  'lsrorders',
  'e911s',
  'tnoptions',
  'externalTns',
  'lidb',
  'bulkPortins',
  'importtnorders',
  'removeImportedTnOrders',
  'csrs',
  'emergencyNotificationGroup',
  'emergencyEndpointGroup',
].map((type) => type.toLowerCase());

const NUMBER_FORMATS: readonly NumberFormat[] = ['LEGACY', 'E164'];

export type SubscriptionFields = Pick<
  Subscription,
  'orderType' | 'eventType' | 'orderId' | 'url' | 'expirySeconds' | 'credentials' | 'numberFormat'
>;

export type SubscriptionReading = { ok: true; fields: SubscriptionFields } | { ok: false; error: BandwidthError };

const refuse = (error: BandwidthError): SubscriptionReading => ({ ok: false, error });

/**
 * Reads and checks a `<Subscription>` body (create and replace take the same one). A refusal here
 * is what numbers.yml calls a failed subscription validation — answered 404, not 400.
 */
export function readSubscription(root: XmlNode, api: ApiGeneration): SubscriptionReading {
  const orderType = childText(root, 'OrderType')?.trim() || undefined;
  const eventType = childText(root, 'EventType')?.trim() || undefined;
  // subscriptions.mdx: "one of OrderType or EventType must be set".
  if ((orderType === undefined) === (eventType === undefined)) return refuse(errors.orderTypeOrEventType());
  if (orderType !== undefined && !ORDER_TYPES.includes(orderType.toLowerCase()))
    return refuse(errors.invalidOrderType());
  if (eventType !== undefined && eventType.toUpperCase() !== MESSAGING_LOST) return refuse(errors.notAValue(eventType));
  const callback = childNode(root, 'CallbackSubscription');
  if (!callback) return refuse(errors.required('CallbackSubscription'));
  const url = childText(callback, 'URL')?.trim();
  if (!url) return refuse(errors.required('URL'));
  if (!isCallbackUrl(url)) return refuse(errors.invalidUrl(url));
  const expiryText = childText(callback, 'Expiry')?.trim();
  if (expiryText !== undefined && !/^\d{1,12}$/.test(expiryText)) return refuse(errors.notNonNegative('Expiry'));
  const basic = childNode(childNode(callback, 'CallbackCredentials'), 'BasicAuthentication');
  const username = childText(basic, 'Username');
  const password = childText(basic, 'Password');
  if (basic !== undefined && (!username || !password)) return refuse(errors.basicNeedsBoth());
  // numbers_v2.yml: `<NumberFormat>` after `<CallbackCredentials>`; LEGACY is v1's default, E164 v2's.
  const numberFormatText = childText(callback, 'NumberFormat')?.trim();
  const numberFormat = numberFormatText === undefined ? api.defaultNumberFormat : numberFormatText.toUpperCase();
  if (!NUMBER_FORMATS.includes(numberFormat as NumberFormat)) return refuse(errors.notAValue(numberFormatText ?? ''));
  const orderId = childText(root, 'OrderId')?.trim();
  return {
    ok: true,
    fields: {
      ...(orderType !== undefined ? { orderType } : {}),
      ...(eventType !== undefined ? { eventType: eventType.toUpperCase() } : {}),
      ...(orderId ? { orderId } : {}),
      url,
      expirySeconds: expiryText === undefined ? DEFAULT_EXPIRY_SECONDS : Number(expiryText),
      ...(username && password ? { credentials: { username, password } } : {}),
      numberFormat: numberFormat as NumberFormat,
    },
  };
}

function isCallbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/** What a subscription is for: its order type (or event type) and, when it has one, the order. */
export function targetOf(subscription: SubscriptionFields): string {
  const kind = subscription.orderType
    ? `order:${subscription.orderType.toLowerCase()}`
    : `event:${subscription.eventType}`;
  return subscription.orderId ? `${kind}/${subscription.orderId}` : kind;
}

/**
 * Two subscriptions are duplicates when they send the same callbacks to the same URL: same target
 * (order type or event type, and order id) and URL. numbers.yml answers 409 "If the subscription for
 * this subscription target already exits"; what Bandwidth compares is not documented.
 */
export function isDuplicate(a: SubscriptionFields, b: SubscriptionFields): boolean {
  return targetOf(a) === targetOf(b) && a.url === b.url;
}
