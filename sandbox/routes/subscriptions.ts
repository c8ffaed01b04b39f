import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { accountResourceUrl, xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../error-codes.js';
import { responseStatusError } from '../errors.js';
import type { Subscription } from '../model.js';
import { subscriptionExpiresAt } from '../store.js';
import { el, optionalEl, type XmlElement } from '../xml-build.js';
import { childNode, childText, readRequestXml, type XmlNode } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';

const RESPONSE_ROOT = 'SubscriptionResponse';
/** Bandwidth's default when `Expiry` is left out: one day. */
const DEFAULT_EXPIRY_SECONDS = 86_400;

type SubscriptionFields = Pick<Subscription, 'orderType' | 'url' | 'expirySeconds' | 'credentials'> & {
  orderId?: string;
};

function invalid(detail: string) {
  return responseStatusError(400, RESPONSE_ROOT, errors.invalidSubscription(detail));
}

/** Reads and checks a `<Subscription>` body (create and replace take the same one). */
function readSubscription(root: XmlNode): SubscriptionFields {
  const orderType = childText(root, 'OrderType')?.trim();
  if (!orderType) throw invalid('OrderType is required.');
  if (!/^[A-Za-z_]+$/.test(orderType)) throw invalid(`OrderType ${orderType} is not valid.`);
  const callback = childNode(root, 'CallbackSubscription');
  if (!callback) throw invalid('CallbackSubscription is required.');
  const url = childText(callback, 'URL')?.trim();
  if (!url) throw invalid('CallbackSubscription URL is required.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`URL ${url} is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid(`URL ${url} must be http or https.`);
  const expiryText = childText(callback, 'Expiry')?.trim();
  if (expiryText !== undefined && !/^\d{1,12}$/.test(expiryText))
    throw invalid('Expiry must be a whole number of seconds.');
  const basic = childNode(childNode(callback, 'CallbackCredentials'), 'BasicAuthentication');
  const username = childText(basic, 'Username');
  const password = childText(basic, 'Password');
  if ((username === undefined) !== (password === undefined))
    throw invalid('BasicAuthentication needs both Username and Password.');
  const orderId = childText(root, 'OrderId')?.trim();
  return {
    orderType,
    ...(orderId ? { orderId } : {}),
    url,
    expirySeconds: expiryText === undefined ? DEFAULT_EXPIRY_SECONDS : Number(expiryText),
    ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
  };
}

/** A subscription as Bandwidth lists it: the password is never shown, `Expiry` is the time left. */
function subscriptionElement(subscription: Subscription, nowMs: number): XmlElement {
  const secondsLeft = Math.max(0, Math.floor((subscriptionExpiresAt(subscription) - nowMs) / 1000));
  return el(
    'Subscription',
    el('SubscriptionId', subscription.subscriptionId),
    el('OrderType', subscription.orderType),
    optionalEl('OrderId', subscription.orderId),
    el(
      'CallbackSubscription',
      el('URL', subscription.url),
      el('Expiry', String(secondsLeft)),
      subscription.credentials &&
        el('CallbackCredentials', el('BasicAuthentication', el('Username', subscription.credentials.username))),
    ),
  );
}

/** `subscriptions`: where Bandwidth posts order notifications. */
export function subscriptionRoutes(context: SandboxContext): Router {
  const router = Router();
  const gate = context.gate('subscriptions');
  const body = xmlBody(RESPONSE_ROOT);
  const nowMs = () => context.now().getTime();
  const findActive = (req: Request): Subscription => {
    const subscription = context.store
      .activeSubscriptions(nowMs())
      .find((entry) => entry.subscriptionId === req.params.subscriptionId);
    if (!subscription)
      throw responseStatusError(
        404,
        RESPONSE_ROOT,
        errors.resourceNotFound(`Subscription ${String(req.params.subscriptionId)}`),
      );
    return subscription;
  };
  const listAnswer = (subscriptions: Subscription[]) =>
    el(
      'SubscriptionsResponse',
      el(
        'Subscriptions',
        subscriptions.map((subscription) => subscriptionElement(subscription, nowMs())),
      ),
    );

  router.post('/subscriptions', gate, body, (req, res) => {
    const fields = readSubscription(readRequestXml(req.body, 'Subscription', RESPONSE_ROOT));
    const subscription: Subscription = {
      subscriptionId: randomUUID(),
      createdAt: context.now().toISOString(),
      ...fields,
    };
    context.store.subscriptions.set(subscription.subscriptionId, subscription);
    context.store.changed();
    context.options.logger(
      `subscription ${subscription.subscriptionId} (${subscription.orderType}) → ${subscription.url}`,
    );
    res
      .status(201)
      .set('Location', accountResourceUrl(req, 'subscriptions', subscription.subscriptionId))
      .end();
  });

  router.get('/subscriptions', gate, (req, res) => {
    const orderType = typeof req.query.orderType === 'string' ? req.query.orderType.toLowerCase() : undefined;
    const subscriptions = context.store
      .activeSubscriptions(nowMs())
      .filter((subscription) => orderType === undefined || subscription.orderType.toLowerCase() === orderType);
    sendXml(res, 200, listAnswer(subscriptions));
  });

  router.get('/subscriptions/:subscriptionId', gate, (req, res) => {
    sendXml(res, 200, listAnswer([findActive(req)]));
  });

  router.put('/subscriptions/:subscriptionId', gate, body, (req, res) => {
    const subscription = findActive(req);
    const fields = readSubscription(readRequestXml(req.body, 'Subscription', RESPONSE_ROOT));
    // A replacement starts the Expiry afresh, as renewing a subscription does.
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
