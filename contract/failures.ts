/**
 * Stable `ApplicationFailure` types, shared by activities (which throw them) and workflows (which
 * read them). Plain values: this file loads nothing of Temporal.
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
