import type { NumberError } from './types.js';

/** Stable codes of {@link BandwidthError}; callers branch on these, never on messages. */
export type BandwidthErrorCode =
  | 'BANDWIDTH_BAD_REQUEST'
  | 'BANDWIDTH_UNAUTHORIZED'
  | 'BANDWIDTH_FORBIDDEN'
  | 'BANDWIDTH_NOT_FOUND'
  | 'BANDWIDTH_CONFLICT'
  | 'BANDWIDTH_CLIENT_ERROR'
  | 'BANDWIDTH_RATE_LIMITED'
  | 'BANDWIDTH_SERVER_ERROR'
  | 'BANDWIDTH_UNEXPECTED_RESPONSE'
  | 'BANDWIDTH_RESPONSE_TOO_LARGE'
  | 'BANDWIDTH_TIMEOUT'
  | 'BANDWIDTH_NETWORK'
  | 'BANDWIDTH_FILE_REJECTED'
  | 'BANDWIDTH_FILE_ERROR'
  | 'BANDWIDTH_UNSUPPORTED_FILE_TYPE'
  | 'BANDWIDTH_TOKEN_INVALID'
  | 'BANDWIDTH_INVALID_INPUT'
  | 'BANDWIDTH_CONFIG_INVALID'
  /** The caller's AbortSignal ended the call (an activity's cancellation, for instance). */
  | 'BANDWIDTH_ABORTED'
  /** Bandwidth refused an order for holding too many numbers (7314, 5095): split it and send the parts. */
  | 'BANDWIDTH_ORDER_TOO_LARGE'
  /** Bandwidth refused to create or update a subscription; `reason` says why (URL, expiry, credentials, limit…). */
  | 'BANDWIDTH_SUBSCRIPTION_REFUSED'
  /** A TN option order refused for the whole account or location: A2P is not enabled there (5133, 5139). */
  | 'BANDWIDTH_A2P_NOT_ENABLED';

/** What a `BANDWIDTH_SUBSCRIPTION_REFUSED` was about. */
export type SubscriptionRefusalReason =
  'url' | 'expiry' | 'credentials' | 'public-key' | 'limit' | 'duplicate' | 'type' | 'other';

export interface BandwidthErrorDetails {
  code: BandwidthErrorCode;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
  errors?: NumberError[];
  endpoint: string;
  cause?: unknown;
  /** For `BANDWIDTH_SUBSCRIPTION_REFUSED`. */
  reason?: SubscriptionRefusalReason;
  /** For `BANDWIDTH_ORDER_TOO_LARGE`, when Bandwidth's message names its limit. */
  maxNumbersPerOrder?: number;
}

/** Bandwidth's codes for "too many numbers in one order": 7314 (the maximum %s) and 5095 (the maximum size of %d). */
export const ORDER_TOO_LARGE_CODES: readonly string[] = ['7314', '5095'];

/** TN option refusals that concern the account or location, not a number: 5133 (location) and 5139 (account). */
export const ACCOUNT_LEVEL_TN_OPTION_CODES: readonly string[] = ['5133', '5139'];

/**
 * Any failed call to Bandwidth. `retryable` tells a caller (Temporal, in this project) whether
 * asking again with the same input can help; the client itself never retries except the single
 * re-send after a 401 with a refreshed OAuth2 token.
 */
export class BandwidthError extends Error {
  override readonly name = 'BandwidthError' as const;
  readonly code: BandwidthErrorCode;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly errors: NumberError[];
  /** `METHOD /path/{template}` below the account: no host, no account id, never credentials. */
  readonly endpoint: string;
  readonly reason?: SubscriptionRefusalReason;
  readonly maxNumbersPerOrder?: number;

  constructor(message: string, details: BandwidthErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    if (details.status !== undefined) this.status = details.status;
    this.retryable = details.retryable;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    this.errors = details.errors ?? [];
    this.endpoint = details.endpoint;
    if (details.reason !== undefined) this.reason = details.reason;
    if (details.maxNumbersPerOrder !== undefined) this.maxNumbersPerOrder = details.maxNumbersPerOrder;
  }
}

/**
 * Bandwidth refusing the credentials themselves (401 or 403, from the API or the OAuth2 token
 * endpoint): a person must fix the configuration, the request's content is not at fault, and the
 * same call can succeed once they have.
 */
export function isCredentialError(error: unknown): error is BandwidthError {
  return (
    error instanceof BandwidthError && (error.code === 'BANDWIDTH_UNAUTHORIZED' || error.code === 'BANDWIDTH_FORBIDDEN')
  );
}

export type BandwidthXmlErrorCode =
  'BANDWIDTH_XML_INVALID' | 'BANDWIDTH_XML_UNSAFE' | 'BANDWIDTH_XML_TOO_LARGE' | 'BANDWIDTH_XML_UNSUPPORTED_ENCODING';

/**
 * An XML document that could not be read: malformed, carrying a DOCTYPE/ENTITY declaration
 * (refused outright, so entity expansion attacks never reach the parser), too large, or missing
 * what the answer must contain. Asking again returns the same document, so it is never retryable.
 */
export class BandwidthXmlError extends Error {
  override readonly name = 'BandwidthXmlError' as const;
  readonly code: BandwidthXmlErrorCode;
  readonly retryable = false as const;
  /** Set when the document was the answer of a Bandwidth call. */
  readonly endpoint?: string;

  constructor(code: BandwidthXmlErrorCode, message: string, options: { endpoint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.endpoint !== undefined) this.endpoint = options.endpoint;
  }
}

/**
 * A stand-in for an error thrown by the HTTP library. got's own errors hold the request options,
 * headers included, so only their name, code and message travel on.
 */
export class SanitizedCause extends Error {
  override readonly name: string;
  readonly code?: string;

  constructor(original: unknown) {
    const source = original instanceof Error ? original : new Error(String(original));
    super(source.message);
    this.name = source.name;
    const code = (source as { code?: unknown }).code;
    if (typeof code === 'string') this.code = code;
  }
}
