import { ensureMessagingLostSubscription, ensureOrderSubscription } from '../api/webhook-subscription.js';
import type { BandwidthClient } from '../bandwidth/index.js';
import type { Logger } from '../logging/logger.js';

export interface SubscriptionContext {
  bandwidth: BandwidthClient;
  publicBaseUrl: string;
  credentials: { username: string; password: string } | undefined;
  logger: Logger;
}

export interface EnsuredBandwidthSubscription {
  /** What Bandwidth notifies about, e.g. `importtnorders`. */
  name: string;
  subscriptionId: string;
  action: string;
  url: string;
}

/**
 * Every Bandwidth subscription hostflow needs, each pointing at this service's webhook. They are
 * ensured by the worker at startup (it holds the Bandwidth credentials; the internet-facing API
 * holds none) and by `hostflow subscribe`. Each finds its own by URL and never duplicates.
 */
export const BANDWIDTH_SUBSCRIPTIONS: ReadonlyArray<{
  name: string;
  ensure(context: SubscriptionContext): Promise<{ subscriptionId: string; action: string; url: string }>;
}> = [
  { name: 'importtnorders', ensure: ensureOrderSubscription },
  { name: 'MESSAGING_LOST', ensure: ensureMessagingLostSubscription },
];

/** Ensures them all, in order; the first failure stops and is thrown (its cause kept). */
export async function ensureBandwidthSubscriptions(
  context: SubscriptionContext,
): Promise<EnsuredBandwidthSubscription[]> {
  const ensured: EnsuredBandwidthSubscription[] = [];
  for (const subscription of BANDWIDTH_SUBSCRIPTIONS) {
    ensured.push({ name: subscription.name, ...(await subscription.ensure(context)) });
  }
  return ensured;
}
