import { errors, type BandwidthError } from './error-codes.js';
import { isNanpNumber } from './telephone-numbers.js';

/**
 * Bandwidth's two API generations. v1 (`/api/accounts`, `/api/v1/accounts`, `/v1.0/accounts`)
 * speaks 10-digit numbers; v2, the Universal Platform (`/api/v2/accounts`), speaks E.164 only and
 * moves hosted messaging under `/messaging` (numbers_v2.yml: `/importTnOrders/messaging…`,
 * `/removeImportedTnOrders/messaging…`; `importTnChecker` keeps its path).
 */
export type GenerationName = 'v1' | 'v2';

/** How a subscription's callbacks write numbers (numbers_v2.yml `CallbackSubscription/NumberFormat`). */
export type NumberFormat = 'LEGACY' | 'E164';

export type NumberReading = { tn: string } | { error: BandwidthError };

export interface ApiGeneration {
  readonly name: GenerationName;
  /** Reads a number as a request writes it; the sandbox keeps every number as 10 digits. */
  readNumber(raw: string): NumberReading;
  /** Writes a stored number the way this generation answers. */
  writeNumber(tn: string): string;
  /** Where hosted-messaging import orders live below the account. */
  readonly importOrdersPath: string;
  /** Where un-hosting orders live below the account. */
  readonly removalOrdersPath: string;
  /** A subscription's `NumberFormat` when the request names none. */
  readonly defaultNumberFormat: NumberFormat;
}

const E164_NANP = /^\+1(\d{10})$/;

export function toE164(tn: string): string {
  return `+1${tn}`;
}

/** Either form, as hostflow's own API takes them: 10 digits or `+1` and 10 digits. */
export function readEitherForm(raw: string): string | undefined {
  const digits = E164_NANP.exec(raw)?.[1] ?? raw;
  return isNanpNumber(digits) ? digits : undefined;
}

export const V1: ApiGeneration = {
  name: 'v1',
  readNumber: (raw) => (isNanpNumber(raw) ? { tn: raw } : { error: errors.invalidNumber(raw, 'NANPA') }),
  writeNumber: (tn) => tn,
  importOrdersPath: '/importTnOrders',
  removalOrdersPath: '/removeImportedTnOrders',
  defaultNumberFormat: 'LEGACY',
};

export const V2: ApiGeneration = {
  name: 'v2',
  // "All numbers are E.164 … 10-digit is not supported in v2": a 10-digit number is as invalid as
  // any other string, with the checker's v2 wording ("not a valid NANP telephone number").
  readNumber: (raw) => {
    const digits = E164_NANP.exec(raw)?.[1];
    return digits !== undefined && isNanpNumber(digits) ? { tn: digits } : { error: errors.invalidNumber(raw, 'NANP') };
  },
  writeNumber: toE164,
  importOrdersPath: '/importTnOrders/messaging',
  removalOrdersPath: '/removeImportedTnOrders/messaging',
  defaultNumberFormat: 'E164',
};

/** How a callback writes a number for a subscription of the given format. */
export function writeForFormat(tn: string, format: NumberFormat): string {
  return format === 'E164' ? toE164(tn) : tn;
}
