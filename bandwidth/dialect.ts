/**
 * Bandwidth's two generations of the Dashboard (Numbers) API, told apart by the base URL:
 *
 * - `v1`: `https://dashboard.bandwidth.com/api`, `…/api/v1`, `https://dashboard.bandwidth.com/v1.0`
 *   (the older SDK default), `https://api.bandwidth.com/api`. Numbers are 10 digits; hosted
 *   messaging lives under `/importTnOrders` and `/removeImportedTnOrders`.
 * - `v2`, the Universal Platform: a base ending in `/api/v2`. Every number is E.164 (`+1…`) in
 *   requests, answers and callbacks; hosted messaging moved to `/importTnOrders/messaging` and
 *   `/removeImportedTnOrders/messaging`; `importTnChecker`, `tnoptions`, `inserviceNumbers` and
 *   `subscriptions` keep their paths.
 *
 * hostflow itself always speaks 10-digit NANP numbers: this module turns them into the dialect's
 * form on the way out and back into 10 digits on the way in (either form is read in both dialects).
 */
export type ApiDialect = 'v1' | 'v2';

export const API_DIALECTS: readonly ApiDialect[] = ['v1', 'v2'];

/** The dialect a base URL speaks: `/api/v2` at its end (any case, trailing slashes ignored) is v2. */
export function dialectOfBaseUrl(baseUrl: string): ApiDialect {
  let pathname: string;
  try {
    pathname = new URL(baseUrl).pathname;
  } catch {
    pathname = baseUrl;
  }
  return /\/api\/v2\/*$/i.test(pathname) ? 'v2' : 'v1';
}

/** `<NumberFormat>` of a callback subscription: the format Bandwidth writes numbers in for it. */
export type SubscriptionNumberFormat = 'LEGACY' | 'E164';

export function numberFormatOf(dialect: ApiDialect): SubscriptionNumberFormat {
  return dialect === 'v2' ? 'E164' : 'LEGACY';
}

const TEN_DIGITS = /^\d{10}$/;
const E164_NANP = /^\+1(\d{10})$/;
const ELEVEN_DIGITS_NANP = /^1(\d{10})$/;

/**
 * A number as the dialect wants it in a request. Only well-formed NANP numbers are rewritten;
 * anything else goes out as given, so Bandwidth (not a guess here) says what is wrong with it.
 */
export function toWireNumber(telephoneNumber: string, dialect: ApiDialect): string {
  const tn = telephoneNumber.trim();
  if (dialect === 'v2') return TEN_DIGITS.test(tn) ? `+1${tn}` : tn;
  return E164_NANP.exec(tn)?.[1] ?? tn;
}

/** A number as Bandwidth wrote it, back to hostflow's 10 digits: `+1XXXXXXXXXX` and `1XXXXXXXXXX` are read alike. */
export function fromWireNumber(telephoneNumber: string): string {
  const tn = telephoneNumber.trim();
  return E164_NANP.exec(tn)?.[1] ?? ELEVEN_DIGITS_NANP.exec(tn)?.[1] ?? tn;
}

/** Path prefixes of the hosted-messaging resources, below `/accounts/{accountId}`. */
export interface DialectPaths {
  importTnOrders: string;
  removeImportedTnOrders: string;
}

export function pathsOf(dialect: ApiDialect): DialectPaths {
  return dialect === 'v2'
    ? { importTnOrders: '/importTnOrders/messaging', removeImportedTnOrders: '/removeImportedTnOrders/messaging' }
    : { importTnOrders: '/importTnOrders', removeImportedTnOrders: '/removeImportedTnOrders' };
}
