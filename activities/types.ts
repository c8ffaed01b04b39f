import type { LoaReference, OrderStatus, Subscriber } from '../workflows/types.js';

/** Plain-JSON inputs and outputs of the activities (they are recorded in workflow history). */

export interface NumberRejection {
  code: string;
  description: string;
  telephoneNumbers: string[];
}

export interface CheckImportabilityInput {
  telephoneNumbers: string[];
  siteId?: string;
  sipPeerId?: string;
}

export interface CheckImportabilityResult {
  importable: string[];
  rejected: NumberRejection[];
}

export interface CreateImportOrderInput {
  customerOrderId: string;
  siteId: string;
  sipPeerId?: string;
  subscriber: Subscriber;
  loaAuthorizingPerson: string;
  telephoneNumbers: string[];
}

export interface ImportOrderState {
  orderId: string;
  processingStatus: OrderStatus;
  /** Per-number failures Bandwidth reported on the order. */
  errors: NumberRejection[];
  telephoneNumbers: string[];
}

export interface CreateImportOrderResult extends ImportOrderState {
  /** True when an order with this CustomerOrderId already existed (a retried create). */
  reused: boolean;
}

export interface UploadLoaInput {
  orderId: string;
  loa: LoaReference;
}

export interface UploadLoaResult {
  filename: string;
  /** True when the order already held an LOA (a retried upload). */
  reused: boolean;
}

export interface RemoveNumbersInput {
  customerOrderId: string;
  telephoneNumbers: string[];
}

export interface RemovalOrderState {
  orderId: string;
  processingStatus: string;
  errors: NumberRejection[];
}
