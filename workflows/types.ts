/**
 * The shared domain types of a hosting request. They travel through workflow history, the HTTP
 * API and the CLI alike, so they are plain JSON.
 */

export type HostingStatus =
  | 'CHECKING'
  | 'ORDERING'
  | 'AWAITING_ORDER'
  | 'UPLOADING_LOA'
  | 'COMPLETE'
  | 'PARTIAL'
  | 'FAILED'
  | 'NOTHING_IMPORTABLE'
  | 'CANCELLED';

export const TERMINAL_STATUSES: readonly HostingStatus[] = [
  'COMPLETE',
  'PARTIAL',
  'FAILED',
  'NOTHING_IMPORTABLE',
  'CANCELLED',
];

/** Bandwidth's `ProcessingStatus` of an import order. */
export type OrderStatus = 'RECEIVED' | 'PROCESSING' | 'COMPLETE' | 'PARTIAL' | 'FAILED' | 'EXCEPTION';

export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = ['COMPLETE', 'PARTIAL', 'FAILED'];

/** `REMOVED`: hosted, then un-hosted because the request was cancelled. */
export type NumberStatus = 'PENDING' | 'NOT_IMPORTABLE' | 'HOSTED' | 'FAILED' | 'REMOVED';

export interface NumberOutcome {
  telephoneNumber: string;
  status: NumberStatus;
  errorCode?: string;
  errorDescription?: string;
}

export type LoaStatus = 'NONE' | 'PENDING' | 'UPLOADED' | 'FAILED';

export interface LoaView {
  status: LoaStatus;
  /** Bandwidth's name for the uploaded file. */
  filename?: string;
  /** Why the file is not (yet) with Bandwidth, when it is not. */
  error?: string;
}

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

/** An LOA file kept in the LOA store: the workflow carries this reference, never the bytes. */
export interface LoaReference {
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

/** One Bandwidth import order of a request (a request over `maxNumbersPerOrder` has several). */
export interface OrderView {
  customerOrderId: string;
  orderId: string | null;
  orderStatus: OrderStatus | null;
  telephoneNumbers: number;
}

/** The un-hosting order of a cancelled request whose numbers had been hosted. */
export interface RemovalView {
  orderId: string | null;
  status: string;
  telephoneNumbers: string[];
  error?: string;
}

/** Exactly the `GET /v1/hosting-requests/{id}` body; also the workflow's result. */
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
  /** Set once a cancellation was asked for. */
  cancelRequested?: boolean;
  removal?: RemovalView;
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

/** Progress a child order workflow reports to its parent request. */
export interface OrderProgressSignal {
  index: number;
  status: HostingStatus;
  orderId: string | null;
  orderStatus: OrderStatus | null;
  /** The part's per-number outcomes, once it has them (its order ended). */
  numbers?: NumberOutcome[];
  loa?: LoaView;
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
