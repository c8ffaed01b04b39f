import type { ApiGeneration } from './api-generation.js';
import { errors, type BandwidthError } from './error-codes.js';
import type { NumberFailure } from './model.js';

/** Bandwidth's per-request limit for the checker (numbers.yml: "more than 5000 TNs" is a 400). */
export const MAX_NUMBERS_TO_CHECK = 5000;

/** Ten digits, area code and exchange each starting 2-9. */
const NANP_NUMBER = /^[2-9]\d{2}[2-9]\d{6}$/;
/** N11 codes (211, 311, … 911) are service codes: NANPA never assigns them as area codes. */
const N11_AREA_CODE = /^[2-9]11/;

/** What Bandwidth calls a valid NANPA telephone number (anything else is refused with 7201). */
export function isNanpNumber(tn: string): boolean {
  return NANP_NUMBER.test(tn) && !N11_AREA_CODE.test(tn);
}

export interface NumberListRules {
  /** The most numbers one request may carry, and the error past it. */
  max: number;
  tooMany: (max: number) => BandwidthError;
  /** The error for a number written twice (as the request wrote it). */
  duplicate: (raw: string) => BandwidthError;
}

export interface NumberList {
  /** The numbers as the sandbox keeps them: 10 digits, in request order. */
  telephoneNumbers: string[];
  problems: BandwidthError[];
}

/** Checks a list of numbers the way Bandwidth does before it looks at any of them. */
export function readNumberList(raws: readonly string[], api: ApiGeneration, rules: NumberListRules): NumberList {
  if (raws.length === 0) return { telephoneNumbers: [], problems: [errors.noNumbers()] };
  if (raws.length > rules.max) return { telephoneNumbers: [], problems: [rules.tooMany(rules.max)] };
  const problems: BandwidthError[] = [];
  const telephoneNumbers: string[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    const reading = api.readNumber(raw);
    if ('error' in reading) problems.push(reading.error);
    else if (seen.has(reading.tn)) problems.push(rules.duplicate(raw));
    else {
      seen.add(reading.tn);
      telephoneNumbers.push(reading.tn);
    }
  }
  return { telephoneNumbers, problems };
}

// The deterministic test numbers of the contract.

/** Area code 410 stands for numbers Bandwidth already serves: never importable. */
export function checkerRejection(tn: string): BandwidthError | undefined {
  return tn.startsWith('410') ? errors.notImportable() : undefined;
}

/** Numbers ending 9999 pass the checker but fail inside an order; 410 numbers fail there too. */
export function importFailure(tn: string): BandwidthError | undefined {
  return checkerRejection(tn) ?? (tn.endsWith('9999') ? errors.numberNotActive() : undefined);
}

/** Numbers ending 8888 are hosted by their order but never come into service. */
export function neverInService(tn: string): boolean {
  return tn.endsWith('8888');
}

/** Numbers ending 7777 are hosted, but the account does not own their messaging for TN options (5160). */
export function messagingNotOwned(tn: string): boolean {
  return tn.endsWith('7777');
}

/** Groups failing numbers by error, in first-seen order. */
export function groupFailures(failures: ReadonlyArray<{ tn: string; error: BandwidthError }>): NumberFailure[] {
  const byCode = new Map<string, NumberFailure>();
  for (const { tn, error } of failures) {
    const key = `${error.code}\n${error.description}`;
    const group = byCode.get(key) ?? { code: error.code, description: error.description, telephoneNumbers: [] };
    group.telephoneNumbers.push(tn);
    byCode.set(key, group);
  }
  return [...byCode.values()];
}
