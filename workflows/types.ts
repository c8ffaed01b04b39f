/**
 * The hosting workflows' own inputs and messages. The request's view and the status vocabulary
 * are shared with the record store, the API and the client, and live in contract/.
 */
import type { RecordOp } from '../contract/record-ops.js';
import type { HostingRequestView } from '../contract/view.js';

export type { AttentionCode, HostingStatus, LoaStatus, NumberStatus, OrderStatus } from '../contract/statuses.js';
export { TERMINAL_STATUSES } from '../contract/statuses.js';
export type {
  Attention,
  HostingRequestView,
  LoaView,
  NumberOutcome,
  NumberRejection,
  OrderView,
  RemovalView,
  RequestFailure,
} from '../contract/view.js';

export interface ServiceAddress {
  houseNumber: string;
  streetName: string;
  city: string;
  stateCode: string;
  zip: string;
  county?: string;
}

export interface Subscriber {
  name: string;
  serviceAddress: ServiceAddress;
}

/**
 * An LOA document in hostflow's record (stored encrypted): the workflow carries this reference,
 * never the bytes.
 */
export interface LoaReference {
  /** The document's id in the record. */
  key: string;
  contentType: string;
  filename: string;
  bytes: number;
}

export interface OrderWaitOptions {
  /** First safety-net poll of an order whose notification has not come. */
  pollInitialIntervalMs: number;
  /** The poll interval grows up to this. */
  pollMaxIntervalMs: number;
  /** Give up waiting (request FAILED) after this long; no limit when absent. */
  maxWaitMs?: number;
  /**
   * How long a request whose order ended without an uploaded LOA stays open for one
   * (`POST /v1/hosting-requests/{id}/loa`); 0 ends it at once.
   */
  loaWaitMs?: number;
}

/** The one input of the hosting-request workflow. */
export interface HostingRequestInput {
  /** The request's id, also sent to Bandwidth as `CustomerOrderId`. */
  id: string;
  telephoneNumbers: string[];
  siteId: string;
  sipPeerId?: string;
  subscriber: Subscriber;
  loaAuthorizingPerson: string;
  loa?: LoaReference;
  /** ISO time the request was accepted. */
  createdAt: string;
  wait: OrderWaitOptions;
  /** Split requests over orders of at most this many numbers (Bandwidth's order size). */
  maxNumbersPerOrder?: number;
  /** State carried over continue-as-new; absent on a fresh start. */
  resume?: HostingResumeState;
  /** Continue as new once history passes this many events while waiting (default 2000). */
  continueAsNewAfterEvents?: number;
}

export interface HostingResumeState {
  view: HostingRequestView;
  orderId: string;
  pollIntervalMs: number;
  waitDeadline?: number;
  notices: OrderNotificationSignal[];
  cancelRequested: boolean;
  lateLoa?: LoaReference;
}

/** What a child order workflow recorded, forwarded so its parent's view follows (ops carry the parent's index). */
export interface OrderProgressSignal {
  index: number;
  ops: RecordOp[];
}

/** Input of one part of a split request: a child workflow running one order. */
export interface OrderPartInput {
  parentWorkflowId: string;
  index: number;
  requestId: string;
  customerOrderId: string;
  telephoneNumbers: string[];
  siteId: string;
  sipPeerId?: string;
  subscriber: Subscriber;
  loaAuthorizingPerson: string;
  loa?: LoaReference;
  createdAt: string;
  wait: OrderWaitOptions;
}

/** What the webhook hands the workflow: a hint, confirmed by re-reading the order. */
export interface OrderNotificationSignal {
  orderId: string;
  status: string;
  customerOrderId?: string;
  receivedAt?: string;
}
