import type { AttentionCode, HostingStatus, LoaStatus, NumberStatus, OrderStatus } from './statuses.js';

/**
 * The request's view: exactly the `GET /v1/hosting-requests/{id}` body. The record store keeps
 * it, the workflow keeps its own copy (its result and its status query), and both change it only
 * through `applyRecordOp` (record-ops.ts), so they cannot disagree.
 */

export interface NumberOutcome {
  telephoneNumber: string;
  status: NumberStatus;
  errorCode?: string;
  errorDescription?: string;
}

export interface LoaView {
  status: LoaStatus;
  /** Bandwidth's name for the uploaded file (several, comma-separated, for a split request). */
  filename?: string;
  /** Why the file is not (yet) with Bandwidth, when it is not. */
  error?: string;
}

/** The un-hosting order of a cancelled request whose numbers had been hosted. */
export interface RemovalView {
  orderId: string | null;
  status: string;
  telephoneNumbers: string[];
  error?: string;
}

/** One Bandwidth import order of a request (a request over `maxNumbersPerOrder` has several). */
export interface OrderView {
  customerOrderId: string;
  orderId: string | null;
  orderStatus: OrderStatus | null;
  telephoneNumbers: number;
  /** This order's own progress; a split request's status combines its orders'. */
  status?: HostingStatus;
  /** This order's LOA upload (split requests only; a single-order request has the request's `loa`). */
  loa?: LoaView;
  /** This order's un-hosting (split requests only). */
  removal?: RemovalView;
}

/** Something a person must fix; the request keeps its status and goes on once the cause is gone. */
export interface Attention {
  code: AttentionCode;
  message: string;
  since: string;
}

/** Why a request ended FAILED for a reason of its own (not a number's). */
export interface RequestFailure {
  code?: string;
  message: string;
}

export interface HostingRequestView {
  id: string;
  workflowId: string;
  status: HostingStatus;
  orderId: string | null;
  orderStatus: OrderStatus | null;
  numbers: NumberOutcome[];
  loa: LoaView;
  createdAt: string;
  updatedAt: string;
  /** Every import order of the request, in order. */
  orders: OrderView[];
  /** `null`, or why the request is blocked on something a person must fix. */
  attention: Attention | null;
  /** Set once a cancellation was asked for. */
  cancelRequested?: boolean;
  removal?: RemovalView;
  failure?: RequestFailure;
}

/** A Bandwidth error code with its description and the numbers it concerns (often none). */
export interface NumberRejection {
  code: string;
  description: string;
  telephoneNumbers: string[];
}
