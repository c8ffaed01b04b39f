/**
 * NANP numbers as Bandwidth takes them: ten digits, area code and exchange starting 2-9, and no
 * N11 area code (211 … 911 are service codes, never assigned; Bandwidth refuses the whole check
 * with 7201 for one such number). Callers may also send E.164 (`+1XXXXXXXXXX`); hostflow stores
 * and sends the ten digits.
 */
const TEN_DIGITS = /^[2-9]\d{2}[2-9]\d{6}$/;
const E164_NANP = /^\+1([2-9]\d{2}[2-9]\d{6})$/;
const N11_AREA_CODE = /^[2-9]11/;

export function normaliseTelephoneNumber(raw: string): string | undefined {
  const text = raw.trim();
  const tn = TEN_DIGITS.test(text) ? text : E164_NANP.exec(text)?.[1];
  return tn && !N11_AREA_CODE.test(tn) ? tn : undefined;
}
