import type { IncomingHttpHeaders } from 'node:http';
import { BandwidthError, ORDER_TOO_LARGE_CODES, type BandwidthErrorCode } from './errors.js';
import { retryAfterMsFrom } from './retry-after.js';
import type { NumberError } from './types.js';

interface StatusClass {
  code: BandwidthErrorCode;
  retryable: boolean;
}

/** 4xx are permanent except 408 and 429; 5xx may pass. */
export function classifyStatus(status: number): StatusClass {
  switch (status) {
    case 400:
      return { code: 'BANDWIDTH_BAD_REQUEST', retryable: false };
    case 401:
      return { code: 'BANDWIDTH_UNAUTHORIZED', retryable: false };
    case 403:
      return { code: 'BANDWIDTH_FORBIDDEN', retryable: false };
    case 404:
      return { code: 'BANDWIDTH_NOT_FOUND', retryable: false };
    case 408:
      return { code: 'BANDWIDTH_TIMEOUT', retryable: true };
    case 409:
      return { code: 'BANDWIDTH_CONFLICT', retryable: false };
    case 429:
      return { code: 'BANDWIDTH_RATE_LIMITED', retryable: true };
  }
  if (status >= 500) return { code: 'BANDWIDTH_SERVER_ERROR', retryable: true };
  if (status >= 400) return { code: 'BANDWIDTH_CLIENT_ERROR', retryable: false };
  // 1xx/3xx: only same-host redirects of reads are followed (transport.ts); any other is refused here.
  return { code: 'BANDWIDTH_UNEXPECTED_RESPONSE', retryable: false };
}

export function describeErrors(errors: NumberError[]): string {
  if (errors.length === 0) return '';
  const shown = errors.slice(0, 3).map((error) => [error.code, error.description].filter(Boolean).join(' '));
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `: ${shown.join('; ')}${more}`;
}

/**
 * What a 401 means for the credentials in use. Legacy API users (HTTP Basic) no longer exist at
 * Bandwidth, so a 401 on Basic credentials is almost certainly that, and says how to move on.
 */
export const BASIC_CREDENTIALS_REMOVED_HINT =
  'Bandwidth removed legacy API users (HTTP Basic credentials) on 2026-12-02: create OAuth2 API client credentials ' +
  'in the Bandwidth App and set BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET';

export type CredentialKind = 'basic' | 'oauth2';

function credentialHint(status: number, credentials: CredentialKind | undefined): string {
  if (status === 401 && credentials === 'basic') return ` — ${BASIC_CREDENTIALS_REMOVED_HINT}`;
  if (status === 401 && credentials === 'oauth2') {
    return ' — Bandwidth did not accept the OAuth2 token; check BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET';
  }
  if (status === 403) return ' — the credentials are valid but lack the role or the account the call needs';
  return '';
}

/** "…exceeds the maximum size of 5000" / "…exceeds the maximum 5000" → 5000. */
export function maximumIn(errors: NumberError[]): number | undefined {
  for (const error of errors) {
    const match = /maximum(?:\s+size)?(?:\s+of)?\s+(\d+)/i.exec(error.description);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

export function isOrderTooLarge(errors: NumberError[]): boolean {
  return errors.some((error) => ORDER_TOO_LARGE_CODES.includes(error.code));
}

/** The BandwidthError for a non-2xx answer. */
export function errorForStatus(input: {
  endpoint: string;
  status: number;
  headers: IncomingHttpHeaders;
  errors: NumberError[];
  /** The kind of credentials the call carried, for a 401's message. */
  credentials?: CredentialKind;
}): BandwidthError {
  const { code, retryable } = classifyStatus(input.status);
  const retryAfterMs = input.status === 429 || input.status === 503 ? retryAfterMsFrom(input.headers) : undefined;
  const described = `Bandwidth answered ${input.status} to ${input.endpoint}${describeErrors(input.errors)}`;
  if (input.status >= 400 && input.status < 500 && retryable === false && isOrderTooLarge(input.errors)) {
    const maxNumbersPerOrder = maximumIn(input.errors);
    return new BandwidthError(`${described} — split the order into smaller ones`, {
      code: 'BANDWIDTH_ORDER_TOO_LARGE',
      status: input.status,
      retryable: false,
      errors: input.errors,
      endpoint: input.endpoint,
      ...(maxNumbersPerOrder === undefined ? {} : { maxNumbersPerOrder }),
    });
  }
  return new BandwidthError(`${described}${credentialHint(input.status, input.credentials)}`, {
    code,
    status: input.status,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    errors: input.errors,
    endpoint: input.endpoint,
  });
}
