import { errors, type BandwidthError } from './error-codes.js';
import type { NumberFailure } from './model.js';

/** Bandwidth's per-request limit for the checker; the sandbox applies it to orders too. */
export const MAX_NUMBERS_PER_REQUEST = 5000;

/** Ten digits, area code and exchange each starting 2-9. */
const NANP_NUMBER = /^[2-9]\d{2}[2-9]\d{6}$/;
/** N11 codes (211, 311, … 911) are service codes: NANPA never assigns them as area codes. */
const N11_AREA_CODE = /^[2-9]11/;

/** What Bandwidth calls a valid NANPA telephone number (anything else is refused with 7201). */
export function isNanpNumber(tn: string): boolean {
  return NANP_NUMBER.test(tn) && !N11_AREA_CODE.test(tn);
}

/** Checks a list of numbers the way Bandwidth does before it looks at any of them. */
export function numberListErrors(tns: readonly string[]): BandwidthError[] {
  if (tns.length === 0) return [errors.noNumbers()];
  if (tns.length > MAX_NUMBERS_PER_REQUEST) return [errors.tooManyNumbers(MAX_NUMBERS_PER_REQUEST)];
  const found: BandwidthError[] = [];
  const seen = new Set<string>();
  for (const tn of tns) {
    if (!isNanpNumber(tn)) found.push(errors.invalidNumber(tn));
    else if (seen.has(tn)) found.push(errors.duplicateNumber(tn));
    seen.add(tn);
  }
  return found;
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

/** Groups failing numbers by error, in first-seen order. */
export function groupFailures(failures: ReadonlyArray<{ tn: string; error: BandwidthError }>): NumberFailure[] {
  const byCode = new Map<string, NumberFailure>();
  for (const { tn, error } of failures) {
    const group = byCode.get(error.code) ?? { code: error.code, description: error.description, telephoneNumbers: [] };
    group.telephoneNumbers.push(tn);
    byCode.set(error.code, group);
  }
  return [...byCode.values()];
}
