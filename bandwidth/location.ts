import { BandwidthError } from './errors.js';
import type { IncomingHttpHeaders } from 'node:http';

/** The last path segment of the `Location` header, where Bandwidth puts a new resource's id. */
export function idFromLocation(headers: IncomingHttpHeaders): string | undefined {
  const location = headers.location;
  if (location === undefined || location.trim() === '') return undefined;
  let pathname: string;
  try {
    pathname = new URL(location.trim(), 'http://location.invalid').pathname;
  } catch {
    return undefined;
  }
  const last = pathname
    .split('/')
    .filter((segment) => segment !== '')
    .pop();
  if (last === undefined) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Encodes one caller-supplied path segment (order ids, file names, subscription ids). Empty,
 * `.` and `..` are refused: URL normalisation would turn them into a different resource.
 */
export function segment(value: string, endpoint: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new BandwidthError(`${endpoint} needs a non-empty identifier, got ${JSON.stringify(value)}`, {
      code: 'BANDWIDTH_INVALID_INPUT',
      retryable: false,
      endpoint,
    });
  }
  return encodeURIComponent(value);
}
