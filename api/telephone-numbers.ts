/**
 * NANP numbers as Bandwidth takes them: ten digits, area code and exchange starting 2-9. Callers
 * may also send E.164 (`+1XXXXXXXXXX`); hostflow stores and sends the ten digits.
 */
const TEN_DIGITS = /^[2-9]\d{2}[2-9]\d{6}$/;
const E164_NANP = /^\+1([2-9]\d{2}[2-9]\d{6})$/;

export function normaliseTelephoneNumber(raw: string): string | undefined {
  const text = raw.trim();
  if (TEN_DIGITS.test(text)) return text;
  return E164_NANP.exec(text)?.[1];
}
