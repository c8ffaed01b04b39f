import { errors, type BandwidthError } from './error-codes.js';

/** Bandwidth: "Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters." */
const CUSTOMER_ORDER_ID = /^[A-Za-z0-9 -]{1,40}$/;

/**
 * An empty `<CustomerOrderId/>` counts as absent. Orders of the porting family answer 7318, number
 * orders (TN options) 5052, with the same wording (errors.mdx).
 */
export function customerOrderIdError(
  value: string | undefined,
  invalid: () => BandwidthError = errors.invalidCustomerOrderId,
): BandwidthError | undefined {
  if (value === undefined || value === '') return undefined;
  return CUSTOMER_ORDER_ID.test(value) ? undefined : invalid();
}

export function presentText(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
