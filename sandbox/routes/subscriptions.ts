import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { ApiGeneration } from '../api-generation.js';
import { accountResourceUrl, xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../error-codes.js';
import { notFoundError, responseStatusError } from '../errors.js';
import type { Subscription } from '../model.js';
import { subscriptionExpiresAt } from '../store.js';
import { isDuplicate, readSubscription, targetOf, type SubscriptionFields } from '../subscription-input.js';
import { el, optionalEl, type XmlElement } from '../xml-build.js';
import { readRequestXml } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';

/** numbers.yml `SubscriptionsErrorResponse`: every subscription error comes under this root. */
const RESPONSE_ROOT = 'SubscriptionsResponse';
/** subscriptions.mdx shows `<Status>READY</Status>` on a subscription no callback has used yet. */
const READY = 'READY';

/**
 * A subscription as Bandwidth lists it: the password is never shown, `Expiry` is the time left,
 * `Status` the outcome of the latest callback; `NumberFormat` after the credentials
 * (numbers_v2.yml), shown on v2 and on v1 when it is not v1's LEGACY default.
 */
function subscriptionElement(subscription: Subscription, nowMs: number, api: ApiGeneration): XmlElement {
  const secondsLeft = Math.max(0, Math.floor((subscriptionExpiresAt(subscription) - nowMs) / 1000));
  const numberFormat = subscription.numberFormat ?? 'LEGACY';
  return el(
    'Subscription',
    el('SubscriptionId', subscription.subscriptionId),
    optionalEl('OrderType', subscription.orderType),
    optionalEl('EventType', subscription.eventType),
    optionalEl('OrderId', subscription.orderId),
    el(
      'CallbackSubscription',
      el('URL', subscription.url),
      el('Expiry', String(secondsLeft)),
      el('Status', subscription.lastCallbackStatus ?? READY),
      subscription.credentials &&
        el('CallbackCredentials', el('BasicAuthentication', el('Username', subscription.credentials.username))),
      (api.name === 'v2' || numberFormat !== 'LEGACY') && el('NumberFormat', numberFormat),
    ),
  );
}

/**
 * numbers.yml: a create that fails validation is answered 404 ("invalid URL, invalid expiration
 * date, invalid public key"), a replacement that fails it 400 ("Subscription values failed
 * validation"; its 404 means the subscription does not exist).
 */
const VALIDATION_STATUS = { create: 404, replace: 400 } as const;

/** `subscriptions`: where Bandwidth posts order notifications and events. */
export function subscriptionRoutes(context: SandboxContext, api: ApiGeneration): Router {
  const router = Router();
  const gate = context.gate('subscriptions');
  const body = xmlBody(RESPONSE_ROOT);
  const nowMs = () => context.now().getTime();
  const findActive = (req: Request): Subscription => {
    const subscription = context.store
      .activeSubscriptions(nowMs())
      .find((entry) => entry.subscriptionId === req.params.subscriptionId);
    if (!subscription) throw notFoundError(RESPONSE_ROOT, `Subscription ${String(req.params.subscriptionId)}`);
    return subscription;
  };
  const listAnswer = (subscriptions: Subscription[]) =>
    el(
      'SubscriptionsResponse',
      el(
        'Subscriptions',
        subscriptions.map((subscription) => subscriptionElement(subscription, nowMs(), api)),
      ),
    );
  const read = (req: Request, action: keyof typeof VALIDATION_STATUS): SubscriptionFields => {
    const reading = readSubscription(readRequestXml(req.body, 'Subscription', RESPONSE_ROOT), api);
    if (!reading.ok) throw responseStatusError(VALIDATION_STATUS[action], RESPONSE_ROOT, reading.error);
    return reading.fields;
  };
  /** 409 for a duplicate (16008); 409 past the global-subscription limit per type (16006). */
  const checkRoom = (fields: SubscriptionFields, replacing?: string): void => {
    const others = context.store.activeSubscriptions(nowMs()).filter((entry) => entry.subscriptionId !== replacing);
    if (others.some((other) => isDuplicate(other, fields)))
      throw responseStatusError(409, RESPONSE_ROOT, errors.duplicateSubscription());
    const max = context.options.maxSubscriptionsPerType;
    const sameType = others.filter((other) => !other.orderId && targetOf(other) === targetOf(fields));
    if (!fields.orderId && sameType.length >= max)
      throw responseStatusError(409, RESPONSE_ROOT, errors.tooManySubscriptions(max));
  };

  router.post('/subscriptions', gate, body, (req, res) => {
    const fields = read(req, 'create');
    checkRoom(fields);
    const subscription: Subscription = {
      subscriptionId: randomUUID(),
      createdAt: context.now().toISOString(),
      ...fields,
    };
    context.store.subscriptions.set(subscription.subscriptionId, subscription);
    context.store.changed();
    context.options.logger(
      `subscription ${subscription.subscriptionId} (${subscription.orderType ?? subscription.eventType}) → ${subscription.url}`,
    );
    res
      .status(201)
      .set('Location', accountResourceUrl(req, 'subscriptions', subscription.subscriptionId))
      .end();
  });

  router.get('/subscriptions', gate, (req, res) => {
    const orderType = typeof req.query.orderType === 'string' ? req.query.orderType.toLowerCase() : undefined;
    const eventType = typeof req.query.eventType === 'string' ? req.query.eventType.toUpperCase() : undefined;
    const subscriptions = context.store
      .activeSubscriptions(nowMs())
      .filter(
        (subscription) =>
          (orderType === undefined || subscription.orderType?.toLowerCase() === orderType) &&
          (eventType === undefined || subscription.eventType === eventType),
      );
    sendXml(res, 200, listAnswer(subscriptions));
  });

  router.get('/subscriptions/:subscriptionId', gate, (req, res) => {
    sendXml(res, 200, listAnswer([findActive(req)]));
  });

  router.put('/subscriptions/:subscriptionId', gate, body, (req, res) => {
    const subscription = findActive(req);
    const fields = read(req, 'replace');
    checkRoom(fields, subscription.subscriptionId);
    // A replacement starts the Expiry afresh, as renewing a subscription does; it keeps no callback status.
    const replaced: Subscription = {
      subscriptionId: subscription.subscriptionId,
      createdAt: context.now().toISOString(),
      ...fields,
    };
    context.store.subscriptions.set(subscription.subscriptionId, replaced);
    context.store.changed();
    res.status(200).end();
  });

  router.delete('/subscriptions/:subscriptionId', gate, (req, res) => {
    const subscription = findActive(req);
    context.store.subscriptions.delete(subscription.subscriptionId);
    context.store.changed();
    res.status(200).end();
  });

  return router;
}
