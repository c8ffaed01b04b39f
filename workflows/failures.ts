import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { RejectionDetails } from '../contract/failures.js';

export { FailureType, type RejectionDetails } from '../contract/failures.js';

export interface PermanentFailure {
  type: string;
  message: string;
  details?: RejectionDetails;
  failure?: RejectionDetails['failure'];
}

/** The permanent failure behind an activity error, when that is what it was. */
export function permanentFailureOf(error: unknown): PermanentFailure | undefined {
  if (!(error instanceof ActivityFailure)) return undefined;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.nonRetryable || !cause.type) return undefined;
  const details = cause.details?.[0] as RejectionDetails | undefined;
  return { type: cause.type, message: cause.message, details, failure: details?.failure };
}
