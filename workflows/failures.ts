import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/**
 * Stable `ApplicationFailure` types. Activities throw them non-retryable; the workflow reads them
 * to tell a permanent Bandwidth refusal (report it) from anything else (let it surface).
 */
export const FailureType = {
  /** Bandwidth refused the call for good (4xx other than 408/429, or a rejected file). */
  BandwidthRejected: 'BandwidthRejected',
  /** The LOA file is no longer in the LOA store. */
  LoaMissing: 'LoaMissing',
} as const;

export interface RejectionDetails {
  status?: number;
  errors: Array<{ code: string; description: string; telephoneNumbers: string[] }>;
}

/** The permanent failure behind an activity error, when that is what it was. */
export function permanentFailureOf(error: unknown): { type: string; message: string; details?: RejectionDetails } | undefined {
  if (!(error instanceof ActivityFailure)) return undefined;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.nonRetryable || !cause.type) return undefined;
  const details = cause.details?.[0] as RejectionDetails | undefined;
  return { type: cause.type, message: cause.message, details };
}
