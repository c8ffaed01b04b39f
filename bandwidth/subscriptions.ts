import { numberFormatOf, type ApiDialect } from './dialect.js';
import { BandwidthError, BandwidthXmlError, type SubscriptionRefusalReason } from './errors.js';
import { idFromLocation, segment } from './location.js';
import { assign } from './optional-fields.js';
import { describeErrors } from './status-errors.js';
import { XML_CONTENT_TYPE, type Transport } from './transport.js';
import type {
  CallOptions,
  EnsureSubscriptionInput,
  EnsuredSubscription,
  NumberError,
  Subscription,
  SubscriptionFilter,
  SubscriptionInput,
} from './types.js';
import { buildXml } from './xml-builder.js';
import type { ParsedXml, XmlElement } from './xml-parser.js';
import { childElements, childInteger, childText, elementAt, rootOrChild } from './xml-reader.js';

/*
 * Subscriptions are account-global: one per order type (`importtnorders`, `tnoptions`, …) or
 * event type (`MESSAGING_LOST`) and callback URL. Bandwidth answers a create with 201 and the id
 * in Location, a duplicate with 409 (16008), too many of one type with 16006, and a subscription
 * that fails validation (URL, expiry, public key; Basic credentials without a password, 14505)
 * with 404 on POST and 400 on PUT, as `SubscriptionsResponse/ResponseStatus`.
 */

function subscriptionType(
  subscription: SubscriptionInput,
  endpoint: string,
): { orderType?: string; eventType?: string } {
  const orderType = subscription.orderType?.trim() ?? '';
  const eventType = subscription.eventType?.trim() ?? '';
  if ((orderType === '') === (eventType === '')) {
    throw new BandwidthError(`${endpoint} needs exactly one of orderType and eventType`, {
      code: 'BANDWIDTH_INVALID_INPUT',
      retryable: false,
      endpoint,
    });
  }
  return orderType === '' ? { eventType } : { orderType };
}

function wantedNumberFormat(subscription: SubscriptionInput, dialect: ApiDialect): string | undefined {
  if (subscription.numberFormat === null) return undefined;
  return subscription.numberFormat ?? numberFormatOf(dialect);
}

/** `<Subscription>` of a create or update: `<NumberFormat>` comes after `<CallbackCredentials>`. */
export function subscriptionXml(subscription: SubscriptionInput, dialect: ApiDialect = 'v1'): string {
  const credentials = subscription.credentials;
  const type = subscriptionType(subscription, 'subscription');
  return buildXml({
    Subscription: {
      OrderType: type.orderType,
      EventType: type.eventType,
      CallbackSubscription: {
        URL: subscription.url,
        Expiry: subscription.expirySeconds === undefined ? undefined : String(Math.trunc(subscription.expirySeconds)),
        CallbackCredentials:
          credentials === undefined
            ? undefined
            : { BasicAuthentication: { Username: credentials.username, Password: credentials.password } },
        NumberFormat: wantedNumberFormat(subscription, dialect),
      },
    },
  });
}

const REASON_BY_CODE: Record<string, SubscriptionRefusalReason> = {
  '16006': 'limit',
  '16008': 'duplicate',
  '14505': 'credentials',
  '14506': 'url',
  '14508': 'type',
};

const REASON_BY_TEXT: ReadonlyArray<[RegExp, SubscriptionRefusalReason]> = [
  [/subscriptions are permitted|limit/i, 'limit'],
  [/already exist/i, 'duplicate'],
  [/public\s*key/i, 'public-key'],
  [/expir/i, 'expiry'],
  [/password|username|credential|basic auth/i, 'credentials'],
  [/\burl\b|uri\b|callback address/i, 'url'],
  [/order\s*type|event\s*type/i, 'type'],
];

export function refusalReasonOf(errors: NumberError[]): SubscriptionRefusalReason {
  for (const error of errors) {
    const byCode = REASON_BY_CODE[error.code];
    if (byCode !== undefined) return byCode;
  }
  for (const error of errors) {
    const byText = REASON_BY_TEXT.find(([pattern]) => pattern.test(error.description));
    if (byText !== undefined) return byText[1];
  }
  return 'other';
}

const REASON_TEXT: Record<SubscriptionRefusalReason, string> = {
  url: 'its callback URL is not valid (Bandwidth needs a publicly reachable http(s) URL)',
  expiry: 'its expiry is not valid',
  credentials: 'its callback credentials are incomplete (Basic authentication needs a username and a password)',
  'public-key': 'its public key is not valid',
  limit:
    'the account already has as many subscriptions of this type as Bandwidth permits; delete one it no longer needs',
  duplicate: 'a subscription for this target already exists',
  type: 'it must name exactly one of OrderType and EventType',
  other: 'Bandwidth did not accept it',
};

/** A URL for a message: no credentials, no query (either could hold a secret). */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return JSON.stringify(url.slice(0, 80));
  }
}

function typeLabel(subscription: SubscriptionInput): string {
  return subscription.orderType ?? subscription.eventType ?? 'unnamed';
}

export function subscriptionRefused(
  subscription: SubscriptionInput,
  reason: SubscriptionRefusalReason,
  source: { endpoint: string; status?: number; errors: NumberError[]; cause?: unknown },
): BandwidthError {
  return new BandwidthError(
    `Bandwidth refused the ${typeLabel(subscription)} subscription for ${shownUrl(subscription.url)}: ` +
      `${REASON_TEXT[reason]}${describeErrors(source.errors)}`,
    {
      code: 'BANDWIDTH_SUBSCRIPTION_REFUSED',
      reason,
      retryable: false,
      errors: source.errors,
      endpoint: source.endpoint,
      ...(source.status === undefined ? {} : { status: source.status }),
      ...(source.cause === undefined ? {} : { cause: source.cause }),
    },
  );
}

/**
 * A create's or update's error, as the typed refusal when it is one. Known codes count on any
 * status; otherwise a create's 404 and an update's 400 are validation failures (an update's 404
 * means the subscription is gone, and a 409 is left for the caller: it means "exists").
 */
function asRefusal(error: unknown, subscription: SubscriptionInput, method: 'POST' | 'PUT'): unknown {
  if (!(error instanceof BandwidthError) || error.status === undefined) return error;
  const knownCode = error.errors.some((e) => REASON_BY_CODE[e.code] !== undefined && e.code !== '16008');
  const validationStatus = method === 'POST' ? error.status === 404 : error.status === 400;
  if (!knownCode && !validationStatus) return error;
  return subscriptionRefused(subscription, refusalReasonOf(error.errors), {
    endpoint: error.endpoint,
    status: error.status,
    errors: error.errors,
    cause: error,
  });
}

export async function createSubscription(
  transport: Transport,
  subscription: SubscriptionInput,
  options: CallOptions = {},
): Promise<{ subscriptionId: string }> {
  const endpoint = 'POST /subscriptions';
  subscriptionType(subscription, endpoint);
  let response;
  try {
    response = await transport.send({
      method: 'POST',
      path: '/subscriptions',
      template: '/subscriptions',
      body: { contentType: XML_CONTENT_TYPE, data: subscriptionXml(subscription, transport.dialect) },
      ...options,
    });
  } catch (error) {
    throw asRefusal(error, subscription, 'POST');
  }
  // Bandwidth answers 201 without a body; the id is the Location header's last segment.
  const subscriptionId =
    idFromLocation(response.headers) ??
    childText(rootOrChild(transport.readXml(response), 'Subscription'), 'SubscriptionId');
  if (subscriptionId === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${endpoint} answered without a Location header or <SubscriptionId>`,
      { endpoint },
    );
  }
  return { subscriptionId };
}

export async function updateSubscription(
  transport: Transport,
  subscriptionId: string,
  subscription: SubscriptionInput,
  options: CallOptions = {},
): Promise<void> {
  const endpoint = 'PUT /subscriptions/{subscriptionId}';
  subscriptionType(subscription, endpoint);
  try {
    await transport.send({
      method: 'PUT',
      path: `/subscriptions/${segment(subscriptionId, endpoint)}`,
      template: '/subscriptions/{subscriptionId}',
      body: { contentType: XML_CONTENT_TYPE, data: subscriptionXml(subscription, transport.dialect) },
      ...options,
    });
  } catch (error) {
    throw asRefusal(error, subscription, 'PUT');
  }
}

export async function deleteSubscription(
  transport: Transport,
  subscriptionId: string,
  options: CallOptions = {},
): Promise<void> {
  const endpoint = 'DELETE /subscriptions/{subscriptionId}';
  await transport.send({
    method: 'DELETE',
    path: `/subscriptions/${segment(subscriptionId, endpoint)}`,
    template: '/subscriptions/{subscriptionId}',
    ...options,
  });
}

/** Bandwidth's own examples quote the URL (`<URL>"https://…"</URL>`); the quotes are not part of it. */
function unquoted(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.trim();
  return /^"[^"]*"$/.test(trimmed) ? trimmed.slice(1, -1).trim() : trimmed;
}

function readSubscription(item: XmlElement): Subscription | undefined {
  const subscriptionId = childText(item, 'SubscriptionId');
  if (subscriptionId === undefined) return undefined;
  const callback = elementAt(item, 'CallbackSubscription');
  const subscription: Subscription = {
    subscriptionId,
    orderType: childText(item, 'OrderType') ?? '',
    // The password is never echoed; an element with any content means credentials are set.
    hasCredentials: elementAt(callback, 'CallbackCredentials') !== undefined,
  };
  assign(subscription, 'eventType', childText(item, 'EventType'));
  assign(subscription, 'url', unquoted(childText(callback, 'URL')));
  assign(subscription, 'expiry', childInteger(callback, 'Expiry'));
  assign(subscription, 'status', childText(callback, 'Status'));
  assign(subscription, 'numberFormat', childText(callback, 'NumberFormat'));
  assign(subscription, 'email', childText(elementAt(item, 'EmailSubscription'), 'Email'));
  return subscription;
}

/** `<SubscriptionsResponse><Subscriptions><Subscription>…`, or (GET of one) `<SubscriptionsResponse><Subscription>`. */
function readSubscriptions(parsed: ParsedXml | undefined): Subscription[] {
  if (parsed === undefined) return [];
  const root = parsed.root;
  const items = [
    ...childElements(elementAt(root, 'Subscriptions'), 'Subscription'),
    ...childElements(root, 'Subscription'),
  ];
  if (parsed.rootName.toLowerCase() === 'subscription') items.push(root);
  return items.flatMap((item) => readSubscription(item) ?? []);
}

function matchesType(subscription: Subscription, filter: SubscriptionFilter): boolean {
  if (filter.orderType !== undefined && filter.orderType !== '') {
    return subscription.orderType.toLowerCase() === filter.orderType.toLowerCase();
  }
  if (filter.eventType !== undefined && filter.eventType !== '') {
    return (subscription.eventType ?? '').toUpperCase() === filter.eventType.toUpperCase();
  }
  return true;
}

/**
 * The account's subscriptions, optionally of one order type (also sent as `?orderType=`, which
 * Bandwidth's older API filters by) or one event type (filtered here: no query for it is
 * documented). Each carries its last callback `status` when Bandwidth reports one.
 */
export async function listSubscriptions(
  transport: Transport,
  filter?: string | SubscriptionFilter,
  options: CallOptions = {},
): Promise<Subscription[]> {
  const wanted: SubscriptionFilter = typeof filter === 'string' ? { orderType: filter } : (filter ?? {});
  const searchParams = new URLSearchParams();
  if (wanted.orderType !== undefined && wanted.orderType !== '') searchParams.set('orderType', wanted.orderType);
  const response = await transport.send({
    method: 'GET',
    path: '/subscriptions',
    template: '/subscriptions',
    searchParams,
    ...options,
  });
  return readSubscriptions(transport.readXml(response)).filter((subscription) => matchesType(subscription, wanted));
}

/** One subscription with its last callback `status` (what `hostflow subscribe --status` shows). */
export async function getSubscription(
  transport: Transport,
  subscriptionId: string,
  options: CallOptions = {},
): Promise<Subscription> {
  const endpoint = 'GET /subscriptions/{subscriptionId}';
  const response = await transport.send({
    method: 'GET',
    path: `/subscriptions/${segment(subscriptionId, endpoint)}`,
    template: '/subscriptions/{subscriptionId}',
    ...options,
  });
  const [subscription] = readSubscriptions(transport.readXml(response));
  if (subscription === undefined) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `${endpoint} answered without a <Subscription>`, {
      endpoint,
    });
  }
  return subscription;
}

/**
 * Some answers report `Expiry` as the seconds remaining, which shrink with every listing. An
 * expiry within 10% of the wanted one counts as the same; beyond that (a subscription that has
 * used up a tenth of its life, or a changed setting) it is written again.
 */
export const EXPIRY_TOLERANCE_RATIO = 0.1;

function expiryNeedsUpdate(current: number | undefined, wanted: number): boolean {
  if (current === undefined) return true;
  return Math.abs(current - wanted) > wanted * EXPIRY_TOLERANCE_RATIO;
}

function sameUrl(a: string | undefined, b: string): boolean {
  return a !== undefined && unquoted(a) === unquoted(b);
}

/**
 * Makes sure exactly one subscription of the order or event type calls `url`: finds ours by URL,
 * updates it when its expiry is off by more than the tolerance, its credentials need (re)sending
 * or it reports another NumberFormat, and creates one only when none exists. A create answered
 * 409 (Bandwidth has it already, e.g. created by a concurrent start) is not a failure: the
 * existing one is looked up and checked like any found one (`action: 'found'` when it was right).
 * Refusals (16006 limit, 404 validation failures) are one BANDWIDTH_SUBSCRIPTION_REFUSED error.
 */
export async function ensureSubscription(
  transport: Transport,
  wanted: EnsureSubscriptionInput,
  options: CallOptions = {},
): Promise<EnsuredSubscription> {
  const type = subscriptionType(wanted, 'POST /subscriptions');
  const isOurs = (subscription: Subscription) =>
    sameUrl(subscription.url, wanted.url) && matchesType(subscription, type);
  const desired: SubscriptionInput = { ...type, url: wanted.url };
  assign(desired, 'credentials', wanted.credentials);
  if (wanted.numberFormat !== undefined) desired.numberFormat = wanted.numberFormat;

  let existing = (await listSubscriptions(transport, type, options)).find(isOurs);
  let foundAfterConflict = false;
  if (existing === undefined) {
    try {
      assign(desired, 'expirySeconds', wanted.expirySeconds);
      const { subscriptionId } = await createSubscription(transport, desired, options);
      return { subscriptionId, action: 'created' };
    } catch (error) {
      if (!(error instanceof BandwidthError) || error.status !== 409 || error.code !== 'BANDWIDTH_CONFLICT')
        throw error;
      // It exists: look again, by type first, then among all (a filter Bandwidth ignores or mis-spells).
      existing =
        (await listSubscriptions(transport, type, options)).find(isOurs) ??
        (await listSubscriptions(transport, undefined, options)).find(isOurs);
      if (existing === undefined) {
        throw subscriptionRefused(wanted, 'duplicate', {
          endpoint: error.endpoint,
          status: error.status,
          errors: error.errors,
          cause: error,
        });
      }
      foundAfterConflict = true;
    }
  }

  const expiryDiffers =
    wanted.expirySeconds !== undefined && expiryNeedsUpdate(existing.expiry, Math.trunc(wanted.expirySeconds));
  const credentialsNeeded =
    wanted.credentials !== undefined
      ? !existing.hasCredentials || wanted.forceCredentials === true
      : existing.hasCredentials;
  const format = wantedNumberFormat(wanted, transport.dialect);
  const formatDiffers =
    format !== undefined && existing.numberFormat !== undefined && existing.numberFormat.toUpperCase() !== format;
  const subscriptionId = existing.subscriptionId;
  if (!expiryDiffers && !credentialsNeeded && !formatDiffers) {
    return { subscriptionId, action: foundAfterConflict ? 'found' : 'unchanged' };
  }

  // PUT replaces the subscription: keep the current expiry when no new one is asked for.
  assign(desired, 'expirySeconds', wanted.expirySeconds ?? existing.expiry);
  await updateSubscription(transport, subscriptionId, desired, options);
  return { subscriptionId, action: 'updated' };
}
