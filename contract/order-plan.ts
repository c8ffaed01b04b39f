import { sha256 } from '@noble/hashes/sha2.js';

/**
 * How a request's importable numbers become Bandwidth orders. Pure and deterministic: the
 * workflow and the activity that records the check compute the same plan from the same inputs.
 */

/** Bandwidth's CustomerOrderId allows at most 40 characters. */
const MAX_CUSTOMER_ORDER_ID = 40;
export const DEFAULT_MAX_NUMBERS_PER_ORDER = 5000;

/** Ids ending like a part's (`-2of3`) are kept for the parts of split requests. */
export const RESERVED_PART_SUFFIX = /-\d+of\d+$/;

export interface PlannedOrder {
  customerOrderId: string;
  telephoneNumbers: string[];
}

/**
 * A digest of 96 bits in base 36 (19 characters): two long request ids that share their first
 * characters still get different part ids (a 32-bit hash would collide among a few tens of
 * thousands of requests). Pure JavaScript, so workflow code can use it.
 */
function digest(text: string): string {
  const bytes = sha256(new TextEncoder().encode(text)).subarray(0, 12);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value.toString(36).padStart(19, '0');
}

/**
 * CustomerOrderId of part `index` (1-based) of `total`: `{id}-{index}of{total}`, within
 * Bandwidth's 40 characters — a long request id is shortened and made unique by a digest.
 */
export function orderPartCustomerOrderId(requestId: string, index: number, total: number): string {
  const suffix = `-${index}of${total}`;
  if (requestId.length + suffix.length <= MAX_CUSTOMER_ORDER_ID) return `${requestId}${suffix}`;
  const hash = digest(requestId);
  const keep = Math.max(0, MAX_CUSTOMER_ORDER_ID - suffix.length - hash.length - 1);
  const prefix = requestId.slice(0, keep).trimEnd();
  return `${prefix ? `${prefix}-` : ''}${hash}${suffix}`;
}

/** One order for a request that fits, else orders of at most `maxPerOrder` numbers each. */
export function planOrders(
  requestId: string,
  importable: readonly string[],
  maxPerOrder = DEFAULT_MAX_NUMBERS_PER_ORDER,
): PlannedOrder[] {
  if (importable.length === 0) return [];
  if (importable.length <= maxPerOrder) return [{ customerOrderId: requestId, telephoneNumbers: [...importable] }];
  const slices: string[][] = [];
  for (let i = 0; i < importable.length; i += maxPerOrder) slices.push(importable.slice(i, i + maxPerOrder));
  return slices.map((telephoneNumbers, i) => ({
    customerOrderId: orderPartCustomerOrderId(requestId, i + 1, slices.length),
    telephoneNumbers,
  }));
}

/** The numbers importTnChecker accepted, in the request's order, minus any it also rejected. */
export function importableNumbers(
  requested: readonly string[],
  result: { importable: readonly string[]; rejected: ReadonlyArray<{ telephoneNumbers: readonly string[] }> },
): string[] {
  const importable = new Set(result.importable);
  const rejected = new Set(result.rejected.flatMap((r) => r.telephoneNumbers));
  return requested.filter((tn) => importable.has(tn) && !rejected.has(tn));
}
