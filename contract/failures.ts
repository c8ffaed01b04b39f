/**
 * Stable `ApplicationFailure` types, shared by activities (which throw them) and workflows (which
 * read them). Plain values: this file loads nothing of Temporal.
 */
export const FailureType = {
  /** Bandwidth refused the call for good (4xx other than 408/429, or a rejected file). */
  BandwidthRejected: 'BandwidthRejected',
  /** The LOA document is not in hostflow's record. */
  LoaMissing: 'LoaMissing',
  /** Bandwidth holds an order under this request's CustomerOrderId whose numbers or site differ. */
  OrderIdConflict: 'OrderIdConflict',
} as const;

export interface RejectionDetails {
  status?: number;
  errors: Array<{ code: string; description: string; telephoneNumbers: string[] }>;
  /** A reason of the request's own (e.g. ORDER_ID_CONFLICT), recorded as its `failure`. */
  failure?: { code?: string; message: string };
}
