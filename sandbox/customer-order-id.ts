import { errors, type BandwidthError } from './error-codes.js';

/** Bandwidth: "Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters." */
const CUSTOMER_ORDER_ID = /^[A-Za-z0-9 -]{1,40}$/;

/** An empty `<CustomerOrderId/>` counts as absent. */
export function customerOrderIdError(value: string | undefined): BandwidthError | undefined {
  if (value === undefined || value === '') return undefined;
  return CUSTOMER_ORDER_ID.test(value) ? undefined : errors.invalidCustomerOrderId();
}

export function presentText(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
