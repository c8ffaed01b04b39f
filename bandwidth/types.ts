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

export interface SubscriptionInput {
  orderType: string;
  url: string;
  /** Seconds; Bandwidth's own default when absent is one day. */
  expirySeconds?: number;
  credentials?: CallbackCredentials;
}

export interface Subscription {
  subscriptionId: string;
  orderType: string;
  url?: string;
  expiry?: number;
  /** Bandwidth never echoes the password; this only says whether credentials are set. */
  hasCredentials: boolean;
}

export interface EnsureSubscriptionInput extends SubscriptionInput {
  /** Re-send the credentials even though Bandwidth reports some are set (e.g. after rotating them). */
  forceCredentials?: boolean;
}

export interface EnsuredSubscription {
  subscriptionId: string;
  action: 'created' | 'updated' | 'unchanged';
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
