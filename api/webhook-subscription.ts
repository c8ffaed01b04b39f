import type { BandwidthClient } from '../bandwidth/index.js';
import type { Logger } from '../logging/logger.js';

/**
 * Bandwidth's default subscription expiry is one day, after which notifications silently stop;
 * hostflow asks for the long expiry Bandwidth's own examples use (about a hundred years).
 */
export const SUBSCRIPTION_EXPIRY_SECONDS = 3_153_600_000;
export const WEBHOOK_PATH = '/webhooks/bandwidth/orders';

/** Makes sure Bandwidth calls this service back for import orders: finds ours by URL, never duplicates. */
export async function ensureOrderSubscription(options: {
  bandwidth: BandwidthClient;
  publicBaseUrl: string;
  credentials: { username: string; password: string } | undefined;
  logger: Logger;
}): Promise<{ subscriptionId: string; action: string; url: string }> {
  const url = `${options.publicBaseUrl}${WEBHOOK_PATH}`;
  const result = await options.bandwidth.ensureSubscription({
    orderType: 'importtnorders',
    url,
    expirySeconds: SUBSCRIPTION_EXPIRY_SECONDS,
    credentials: options.credentials,
    // Bandwidth never echoes the password, so it is written again on every start to be sure.
    forceCredentials: true,
  });
  options.logger.info(
    { subscriptionId: result.subscriptionId, action: result.action, url },
    'order notification subscription ensured',
  );
  return { ...result, url };
}
