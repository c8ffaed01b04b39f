import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/**
 * Bandwidth calls: a minute per attempt covers a slow 5000-number check. Transient failures
 * (5xx, timeouts, 429) retry without limit on a backoff capped at a minute, because a hosting
 * request should outlive a Bandwidth outage; permanent refusals are non-retryable failures.
 */
export const bandwidth = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
