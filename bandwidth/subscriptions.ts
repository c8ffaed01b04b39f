import { BandwidthXmlError } from './errors.js';
import { idFromLocation, segment } from './location.js';
import { assign } from './optional-fields.js';
import { XML_CONTENT_TYPE, type Transport } from './transport.js';
import type { EnsureSubscriptionInput, EnsuredSubscription, Subscription, SubscriptionInput } from './types.js';
import { buildXml } from './xml-builder.js';
import { childElements, childInteger, childText, elementAt, rootOrChild } from './xml-reader.js';

export function subscriptionXml(subscription: SubscriptionInput): string {
  const credentials = subscription.credentials;
  return buildXml({
    Subscription: {
      OrderType: subscription.orderType,
      CallbackSubscription: {
        URL: subscription.url,
        Expiry: subscription.expirySeconds === undefined ? undefined : String(Math.trunc(subscription.expirySeconds)),
        CallbackCredentials:
          credentials === undefined
            ? undefined
            : { BasicAuthentication: { Username: credentials.username, Password: credentials.password } },
      },
    },
  });
}

export async function createSubscription(
  transport: Transport,
  subscription: SubscriptionInput,
): Promise<{ subscriptionId: string }> {
  const endpoint = 'POST /subscriptions';
  const response = await transport.send({
    method: 'POST',
    path: '/subscriptions',
    template: '/subscriptions',
    body: { contentType: XML_CONTENT_TYPE, data: subscriptionXml(subscription) },
  });
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
): Promise<void> {
  const endpoint = 'PUT /subscriptions/{subscriptionId}';
  await transport.send({
    method: 'PUT',
    path: `/subscriptions/${segment(subscriptionId, endpoint)}`,
    template: '/subscriptions/{subscriptionId}',
    body: { contentType: XML_CONTENT_TYPE, data: subscriptionXml(subscription) },
  });
}

export async function deleteSubscription(transport: Transport, subscriptionId: string): Promise<void> {
  const endpoint = 'DELETE /subscriptions/{subscriptionId}';
  await transport.send({
    method: 'DELETE',
    path: `/subscriptions/${segment(subscriptionId, endpoint)}`,
    template: '/subscriptions/{subscriptionId}',
  });
}

export async function listSubscriptions(transport: Transport, orderType?: string): Promise<Subscription[]> {
  const searchParams = new URLSearchParams();
  if (orderType !== undefined && orderType !== '') searchParams.set('orderType', orderType);
  const response = await transport.send({
    method: 'GET',
    path: '/subscriptions',
    template: '/subscriptions',
    searchParams,
  });
  const parsed = transport.readXml(response);
  const list = elementAt(parsed?.root, 'Subscriptions');
  return childElements(list, 'Subscription').flatMap((item) => {
    const subscriptionId = childText(item, 'SubscriptionId');
    if (subscriptionId === undefined) return [];
    const callback = elementAt(item, 'CallbackSubscription');
    const subscription: Subscription = {
      subscriptionId,
      orderType: childText(item, 'OrderType') ?? '',
      // The password is never echoed; an element with any content means credentials are set.
      hasCredentials: elementAt(callback, 'CallbackCredentials') !== undefined,
    };
    assign(subscription, 'url', childText(callback, 'URL'));
    assign(subscription, 'expiry', childInteger(callback, 'Expiry'));
    return [subscription];
  });
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

/**
 * Makes sure exactly one subscription of `orderType` calls `url`: finds ours by URL, updates it
 * when its expiry is off by more than the tolerance or its credentials need (re)sending, and creates one only when none
 * exists. Bandwidth never echoes the password, so credentials are re-sent when it reports none,
 * when `forceCredentials` is set, or removed when it reports some but none are wanted.
 */
export async function ensureSubscription(
  transport: Transport,
  wanted: EnsureSubscriptionInput,
): Promise<EnsuredSubscription> {
  const existing = (await listSubscriptions(transport, wanted.orderType)).find(
    (subscription) =>
      subscription.url?.trim() === wanted.url.trim() &&
      subscription.orderType.toLowerCase() === wanted.orderType.toLowerCase(),
  );
  const desired: SubscriptionInput = { orderType: wanted.orderType, url: wanted.url };
  assign(desired, 'credentials', wanted.credentials);

  if (existing === undefined) {
    assign(desired, 'expirySeconds', wanted.expirySeconds);
    const { subscriptionId } = await createSubscription(transport, desired);
    return { subscriptionId, action: 'created' };
  }

  const expiryDiffers =
    wanted.expirySeconds !== undefined && expiryNeedsUpdate(existing.expiry, Math.trunc(wanted.expirySeconds));
  const credentialsNeeded =
    wanted.credentials !== undefined
      ? !existing.hasCredentials || wanted.forceCredentials === true
      : existing.hasCredentials;
  if (!expiryDiffers && !credentialsNeeded) return { subscriptionId: existing.subscriptionId, action: 'unchanged' };

  // PUT replaces the subscription: keep the current expiry when no new one is asked for.
  assign(desired, 'expirySeconds', wanted.expirySeconds ?? existing.expiry);
  await updateSubscription(transport, existing.subscriptionId, desired);
  return { subscriptionId: existing.subscriptionId, action: 'updated' };
}
