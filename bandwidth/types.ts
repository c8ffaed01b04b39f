/** Bandwidth's ProcessingStatus of an order (EXCEPTION appears in notifications). */
export type ProcessingStatus = 'RECEIVED' | 'PROCESSING' | 'COMPLETE' | 'PARTIAL' | 'FAILED' | 'EXCEPTION';

export const PROCESSING_STATUSES: readonly ProcessingStatus[] = [
  'RECEIVED',
  'PROCESSING',
  'COMPLETE',
  'PARTIAL',
  'FAILED',
  'EXCEPTION',
];

/** Options every client call accepts. */
export interface CallOptions {
  /**
   * Aborts the call, and the HTTP request in flight, when signalled (for instance a Temporal
   * activity's cancellation signal); the call then fails with BANDWIDTH_ABORTED.
   */
  signal?: AbortSignal;
}

/** One Bandwidth error code with its description and the numbers it concerns (often none). */
export interface NumberError {
  code: string;
  description: string;
  telephoneNumbers: string[];
}

/** importTnChecker's verdict; rejects are grouped by code. */
export interface ImportabilityResult {
  importable: string[];
  rejected: NumberError[];
}

export interface ServiceAddress {
  houseNumber: string;
  streetName: string;
  city: string;
  stateCode: string;
  zip: string;
  county?: string;
}

export interface ImportOrderInput {
  customerOrderId?: string;
  siteId: string;
  sipPeerId?: string;
  subscriber: { name: string; serviceAddress: ServiceAddress };
  loaAuthorizingPerson: string;
  loaType?: 'SUBSCRIBER' | 'CARRIER';
  telephoneNumbers: string[];
}

export interface ImportOrder {
  orderId: string;
  customerOrderId?: string;
  processingStatus: ProcessingStatus;
  telephoneNumbers: string[];
  /** Per-number failures of PARTIAL/FAILED orders. */
  errors: NumberError[];
  siteId?: string;
  sipPeerId?: string;
  /** `Subscriber/Name`, as Bandwidth holds it. */
  subscriberName?: string;
  orderCreateDate?: string;
  lastModifiedDate?: string;
}

export interface ImportOrderSummary {
  orderId: string;
  customerOrderId?: string;
  orderStatus: string;
  countOfTNs?: number;
  orderDate?: string;
  lastModifiedDate?: string;
}

export interface ImportOrderFilter {
  customerOrderId?: string;
  tn?: string;
  status?: string[];
  createdDateFrom?: string;
  createdDateTo?: string;
  modifiedDateFrom?: string;
  modifiedDateTo?: string;
  loaType?: string;
}

/** One step of an order's history; `status` is upper-cased (Bandwidth answers lower case there). */
export interface OrderHistoryEntry {
  date: string;
  status: string;
  note?: string;
  author?: string;
}

export type LoaDocumentType = 'LOA' | 'INVOICE' | 'CSR' | 'OTHER';

export interface LoaFile {
  fileName: string;
  documentType?: string;
}

export interface LoaUpload {
  contentType: string;
  data: Uint8Array;
  documentType?: LoaDocumentType;
}

export interface DownloadedLoa {
  contentType: string;
  data: Uint8Array;
}

export interface OrderNotification {
  subscriptionId?: string;
  orderType: string;
  orderId: string;
  customerOrderId?: string;
  status: string;
  message?: string;
  note?: string;
  lastModifiedDate?: string;
}

export interface CallbackCredentials {
  username: string;
  password: string;
}

/** The event subscriptions hostflow knows; Bandwidth's only one today. */
export type SubscriptionEventType = 'MESSAGING_LOST';

/**
 * A callback subscription: exactly one of `orderType` (order notifications, e.g. `importtnorders`,
 * `tnoptions`) and `eventType` (`MESSAGING_LOST`) is set.
 */
export interface SubscriptionInput {
  orderType?: string;
  eventType?: string;
  url: string;
  /** Seconds; Bandwidth's own default when absent is one day. */
  expirySeconds?: number;
  credentials?: CallbackCredentials;
  /**
   * `<NumberFormat>` of the callbacks: by default the dialect's (`LEGACY` 10 digits in v1, `E164`
   * in v2); `null` leaves the element out. hostflow reads both forms either way.
   */
  numberFormat?: 'LEGACY' | 'E164' | null;
}

export interface Subscription {
  subscriptionId: string;
  /** `''` for an event subscription. */
  orderType: string;
  eventType?: string;
  url?: string;
  /** Seconds; GET answers report the seconds remaining. */
  expiry?: number;
  /** Bandwidth never echoes the password; this only says whether credentials are set. */
  hasCredentials: boolean;
  /**
   * The outcome of Bandwidth's latest callback attempt, as Bandwidth words it (`200 OK`, `READY`,
   * or a status code and response body): its `CallbackSubscription/Status`.
   */
  status?: string;
  /** `<NumberFormat>` as Bandwidth reports it (`LEGACY`, `E164`), when it does. */
  numberFormat?: string;
  /** For an email subscription rather than a callback one. */
  email?: string;
}

export interface SubscriptionFilter {
  orderType?: string;
  eventType?: string;
}

export interface EnsureSubscriptionInput extends SubscriptionInput {
  /** Re-send the credentials even though Bandwidth reports some are set (e.g. after rotating them). */
  forceCredentials?: boolean;
}

export interface EnsuredSubscription {
  subscriptionId: string;
  /**
   * `found`: Bandwidth answered the create with 409 (it exists already) and the existing one is
   * right as it is; `updated` covers fixing one found that way too.
   */
  action: 'created' | 'updated' | 'unchanged' | 'found';
}

export interface RemoveImportedTnOrderInput {
  customerOrderId?: string;
  telephoneNumbers: string[];
}

export interface RemoveImportedTnOrder {
  orderId: string;
  customerOrderId?: string;
  processingStatus: ProcessingStatus;
  telephoneNumbers: string[];
  errors: NumberError[];
  orderCreateDate?: string;
  lastModifiedDate?: string;
}

export type RemoveImportedTnOrderSummary = ImportOrderSummary;

export type RemoveImportedTnOrderFilter = Omit<ImportOrderFilter, 'loaType'>;

/** The order types hostflow subscribes to and reads notifications of, in Bandwidth's spelling. */
export type KnownOrderType = 'importtnorders' | 'removeImportedTnOrders' | 'tnoptions';

export const KNOWN_ORDER_TYPES: readonly KnownOrderType[] = ['importtnorders', 'removeImportedTnOrders', 'tnoptions'];

/** An order changed state (any `<Status>`, PROCESSING and EXCEPTION included). */
export interface OrderStatusNotification {
  kind: 'orderStatus';
  subscriptionId?: string;
  orderType: KnownOrderType;
  orderId: string;
  customerOrderId?: string;
  /** Upper-cased. */
  status: string;
  message?: string;
  note?: string;
  lastModifiedDate?: string;
  /** `<CompletedTelephoneNumbers>` of orders in a terminal state, when Bandwidth lists them (10 digits). */
  completedTelephoneNumbers?: string[];
}

/** A note was added to an order: a `<Note>` and no `<Status>`. */
export interface OrderNoteNotification {
  kind: 'orderNote';
  subscriptionId?: string;
  orderType: KnownOrderType;
  orderId: string;
  customerOrderId?: string;
  note: string;
  message?: string;
  lastModifiedDate?: string;
}

/** Hosted numbers ported away by another account (`MESSAGING_LOST`); numbers in 10 digits. */
export interface MessagingLostNotification {
  kind: 'messagingLost';
  subscriptionId?: string;
  eventType: 'MESSAGING_LOST';
  telephoneNumbers: string[];
}

/** Anything else well-formed: another order type, another event, or too little to act on. */
export interface UnknownNotification {
  kind: 'unknown';
  subscriptionId?: string;
  orderType?: string;
  eventType?: string;
  orderId?: string;
  customerOrderId?: string;
  status?: string;
  message?: string;
  note?: string;
  lastModifiedDate?: string;
  telephoneNumbers: string[];
}

/** Every callback Bandwidth's subscriptions post, as `parseNotification` reads it. */
export type BandwidthNotification =
  OrderStatusNotification | OrderNoteNotification | MessagingLostNotification | UnknownNotification;

/** `Action` of `A2pSettings` in a TN option group. */
export type A2pAction = 'asSpecified' | 'unchanged' | 'systemDefault' | 'off' | 'delete';

export interface TnOptionGroupInput {
  /** `<Sms>on</Sms>` / `off`; left out (unchanged) when undefined. */
  sms?: boolean;
  a2p?: { action: A2pAction; campaignId?: string; messageClass?: string };
  telephoneNumbers: string[];
}

export interface TnOptionOrderInput {
  customerOrderId?: string;
  groups: TnOptionGroupInput[];
}

/** TN option orders go RECEIVED → PROCESSING → COMPLETE, PARTIAL or FAILED. */
export type TnOptionOrderStatus = 'RECEIVED' | 'PROCESSING' | 'COMPLETE' | 'PARTIAL' | 'FAILED';

export const TN_OPTION_ORDER_STATUSES: readonly TnOptionOrderStatus[] = [
  'RECEIVED',
  'PROCESSING',
  'COMPLETE',
  'PARTIAL',
  'FAILED',
];

export interface TnOptionGroup {
  /** `on`/`off` as Bandwidth wrote it, lower-cased. */
  sms?: string;
  a2p?: { action?: string; campaignId?: string; messageClass?: string };
  telephoneNumbers: string[];
}

export interface TnOptionWarning {
  telephoneNumber: string;
  description: string;
}

export interface TnOptionOrder {
  orderId: string;
  customerOrderId?: string;
  processingStatus: TnOptionOrderStatus;
  groups: TnOptionGroup[];
  /** Every number of every group, in order. */
  telephoneNumbers: string[];
  /** `<ErrorList><Error>`: per-number refusals (their `TelephoneNumber` in `telephoneNumbers`), or order-wide ones (none). */
  errors: NumberError[];
  warnings: TnOptionWarning[];
  /** Set when an error refuses the order for the account or location (5133, 5139), not for a number. */
  accountLevelError?: NumberError;
  orderCreateDate?: string;
  lastModifiedDate?: string;
}

export interface TnOptionOrderFilter {
  customerOrderId?: string;
  status?: string[];
  tn?: string;
  createdDateFrom?: string;
  createdDateTo?: string;
  modifiedDateFrom?: string;
  modifiedDateTo?: string;
}

export type TnOptionOrderSummary = ImportOrderSummary;
