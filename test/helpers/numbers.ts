/**
 * Importable sandbox numbers no other test uses: hostflow's record refuses a number pending in
 * another running request (or hosted), so tests sharing a database must not share numbers.
 * Never area code 410 (not importable), an N11 area code, or a line the sandbox treats specially.
 */
export function freshNumbers(count: number): string[] {
  const numbers = new Set<string>();
  while (numbers.size < count) {
    const area = 200 + Math.floor(Math.random() * 800);
    if (area === 410 || area % 100 === 11) continue;
    const exchange = 200 + Math.floor(Math.random() * 800);
    const line = String(Math.floor(Math.random() * 7000)).padStart(4, '0');
    numbers.add(`${area}${exchange}${line}`);
  }
  return [...numbers];
}
