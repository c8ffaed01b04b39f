import type { BandwidthClient } from '../bandwidth/index.js';
import type { Logger } from '../logging/logger.js';

/**
 * Bandwidth's default subscription expiry is one day, after which notifications silently stop;
 * hostflow asks for the long expiry Bandwidth's own examples use (about a hundred years).
 */
export const SUBSCRIPTION_EXPIRY_SECONDS = 3_153_600_000;
export const WEBHOOK_PATH = '/webhooks/bandwidth/orders';

interface SubscriptionContext {
  bandwidth: BandwidthClient;
  publicBaseUrl: string;
  credentials: { username: string; password: string } | undefined;
  logger: Logger;
}

/** Makes sure Bandwidth calls this service's webhook for one order or event type: found by URL, never duplicated. */
async function ensureWebhookSubscription(
  context: SubscriptionContext,
  kind: { orderType: string } | { eventType: string },
): Promise<{ subscriptionId: string; action: string; url: string }> {
  const url = `${context.publicBaseUrl}${WEBHOOK_PATH}`;
  const result = await context.bandwidth.ensureSubscription({
    ...kind,
    url,
    expirySeconds: SUBSCRIPTION_EXPIRY_SECONDS,
    credentials: context.credentials,
    // Bandwidth never echoes the password, so it is written again on every start to be sure.
    forceCredentials: true,
  });
  context.logger.info(
    { ...kind, subscriptionId: result.subscriptionId, action: result.action, url },
    'Bandwidth subscription ensured',
  );
  return { ...result, url };
}

/** Import-order notifications: the fast path of every request's wait. */
export function ensureOrderSubscription(context: SubscriptionContext) {
  return ensureWebhookSubscription(context, { orderType: 'importtnorders' });
}

/** `MESSAGING_LOST` events: the only word that a hosted number was ported away by another account. */
export function ensureMessagingLostSubscription(context: SubscriptionContext) {
  return ensureWebhookSubscription(context, { eventType: 'MESSAGING_LOST' });
}
