import type { IncomingHttpHeaders } from 'node:http';
import { BandwidthError, type BandwidthErrorCode } from './errors.js';
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
  // 1xx/3xx: redirects are not followed (they could carry the Authorization header elsewhere).
  return { code: 'BANDWIDTH_UNEXPECTED_RESPONSE', retryable: false };
}

export function describeErrors(errors: NumberError[]): string {
  if (errors.length === 0) return '';
  const shown = errors.slice(0, 3).map((error) => [error.code, error.description].filter(Boolean).join(' '));
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `: ${shown.join('; ')}${more}`;
}

/** The BandwidthError for a non-2xx answer. */
export function errorForStatus(input: {
  endpoint: string;
  status: number;
  headers: IncomingHttpHeaders;
  errors: NumberError[];
}): BandwidthError {
  const { code, retryable } = classifyStatus(input.status);
  const retryAfterMs = input.status === 429 || input.status === 503 ? retryAfterMsFrom(input.headers) : undefined;
  return new BandwidthError(`Bandwidth answered ${input.status} to ${input.endpoint}${describeErrors(input.errors)}`, {
    code,
    status: input.status,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    errors: input.errors,
    endpoint: input.endpoint,
  });
}
