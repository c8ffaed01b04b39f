/** The sandbox's records. Dates are ISO-8601 strings so a state file round-trips them unchanged. */

export type ProcessingStatus = 'RECEIVED' | 'PROCESSING' | 'COMPLETE' | 'PARTIAL' | 'FAILED';
export const END_STATUSES: readonly ProcessingStatus[] = ['COMPLETE', 'PARTIAL', 'FAILED'];

export function isEndStatus(status: ProcessingStatus): boolean {
  return END_STATUSES.includes(status);
}

/** Numbers that failed inside an order, grouped by error. */
export interface NumberFailure {
  code: string;
  description: string;
  telephoneNumbers: string[];
}

export interface HistoryEntry {
  date: string;
  note: string;
  author: string;
  /** Lower case, as Bandwidth's order history shows it. */
  status: string;
}

export interface ServiceAddress {
  houseNumber: string;
  streetName: string;
  city: string;
  stateCode: string;
  zip: string;
  county?: string;
}

export interface LoaFile {
  filename: string;
  contentType: string;
  documentType: string;
  bytes: number;
  uploadedAt: string;
  /** The file itself, base64, so the state file can keep it. */
  contentBase64: string;
}

interface OrderBase {
  orderId: string;
  customerOrderId?: string;
  accountId: string;
  createdByUser: string;
  orderCreateDate: string;
  lastModifiedDate: string;
  telephoneNumbers: string[];
  processingStatus: ProcessingStatus;
  errors: NumberFailure[];
  history: HistoryEntry[];
  /** Extra delay of the last processing step (the `orderProcessing.slowRate` fault). */
  extraDelayMs?: number;
}

export interface ImportOrder extends OrderBase {
  kind: 'import';
  siteId: string;
  sipPeerId?: string;
  subscriber: { name: string; serviceAddress: ServiceAddress };
  loaAuthorizingPerson: string;
  loaType: string;
  loas: LoaFile[];
}

export interface RemovalOrder extends OrderBase {
  kind: 'removal';
}

export type SandboxOrder = ImportOrder | RemovalOrder;

export interface Subscription {
  subscriptionId: string;
  /** As the client spelled it; matched case-insensitively. */
  orderType: string;
  /** Set when the subscription follows one order only. */
  orderId?: string;
  url: string;
  expirySeconds: number;
  createdAt: string;
  credentials?: { username: string; password: string };
}

/** One callback Bandwidth made (or, with faults, deliberately did not make). */
export interface NotificationDelivery {
  orderId: string;
  subscriptionId: string;
  url: string;
  status: string;
  attempts: Array<{ withCredentials: boolean; httpStatus?: number; error?: string }>;
  delivered: boolean;
  /** Set when a fault shaped this delivery: `dropped`, `duplicate`, `reordered` or `early`. */
  fault?: 'dropped' | 'duplicate' | 'reordered' | 'early';
}

/** What `GET /_sandbox/orders` shows of an import order. */
export interface SandboxOrderView {
  orderId: string;
  customerOrderId?: string;
  processingStatus: string;
  telephoneNumbers: string[];
  loas: Array<{ filename: string; contentType: string; bytes: number }>;
}

/** What `GET /_sandbox/removals` shows of an un-hosting order. */
export interface SandboxRemovalView {
  orderId: string;
  customerOrderId?: string;
  processingStatus: string;
  telephoneNumbers: string[];
  errors: NumberFailure[];
}
