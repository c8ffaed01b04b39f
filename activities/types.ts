import type { OrderFact, RemovalFact } from '../contract/record-facts.js';
import type { RecordOp } from '../contract/record-ops.js';
import type { NumberRejection } from '../contract/view.js';
import type { LoaReference, Subscriber } from '../workflows/types.js';

/** Plain-JSON inputs and outputs of the activities (they are recorded in workflow history). */

export type { NumberRejection };

/** Where an activity records what it learned: the request, and which of its orders. */
export interface RecordTarget {
  requestId: string;
  /** The order's position in the request (0 for a single-order request). */
  index: number;
}

/** What the first step needs to record a request started without the HTTP API (by the Temporal client). */
export interface RequestOrigin {
  createdAt: string;
  hasLoa: boolean;
  siteId: string;
}

export interface CheckImportabilityInput {
  telephoneNumbers: string[];
  siteId?: string;
  sipPeerId?: string;
  requestId: string;
  /** The split the record plans from the importable numbers. */
  maxNumbersPerOrder?: number;
  origin?: RequestOrigin;
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
  record: RecordTarget;
}

export type ImportOrderState = OrderFact;

export interface CreateImportOrderResult extends ImportOrderState {
  /** True when an order with this CustomerOrderId already existed (a retried create). */
  reused: boolean;
}

export interface GetImportOrderInput {
  orderId: string;
  record: RecordTarget;
}

export interface UploadLoaInput {
  orderId: string;
  loa: LoaReference;
  record: RecordTarget;
}

export interface UploadLoaResult {
  filename: string;
  /** True when the order already held an LOA (a retried upload). */
  reused: boolean;
}

export interface RemoveNumbersInput {
  customerOrderId: string;
  telephoneNumbers: string[];
  record: RecordTarget;
}

export interface GetRemovalOrderInput {
  orderId: string;
  /** The hosted numbers the removal takes away (recorded as REMOVED once it ends). */
  telephoneNumbers: string[];
  record: RecordTarget;
}

export type RemovalOrderState = RemovalFact;

export interface RecordOpsInput {
  requestId: string;
  ops: RecordOp[];
}
