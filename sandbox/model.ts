/** The sandbox's records. Dates are ISO-8601 strings so a state file round-trips them unchanged. */

import type { NumberFormat } from './api-generation.js';

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

/** One `<TnOptionGroup>`: the options to set and the numbers to set them on. */
export interface TnOptionGroup {
  /** `on`, `off` or `unchanged`, as the request wrote it (lower case). */
  sms?: string;
  a2p?: { action: string; campaignId?: string; messageClass?: string };
  telephoneNumbers: string[];
}

/** A TN Option Order (numbers.yml/numbers_v2.yml `/tnoptions`); `errors` are per number. */
export interface TnOptionOrder extends OrderBase {
  kind: 'tnOption';
  groups: TnOptionGroup[];
  warnings: Array<{ telephoneNumber: string; description: string }>;
}

export type SandboxOrder = ImportOrder | RemovalOrder | TnOptionOrder;

export interface Subscription {
  subscriptionId: string;
  /** As the client spelled it; matched case-insensitively. Exactly one of orderType and eventType is set. */
  orderType?: string;
  /** `MESSAGING_LOST`, the one event type Bandwidth documents. */
  eventType?: string;
  /** Set when the subscription follows one order only. */
  orderId?: string;
  url: string;
  expirySeconds: number;
  createdAt: string;
  credentials?: { username: string; password: string };
  /** How its callbacks write numbers; LEGACY when absent (subscriptions saved by older sandboxes). */
  numberFormat?: NumberFormat;
  /** The outcome of the latest callback, as `<Status>` shows it; absent until the first one. */
  lastCallbackStatus?: string;
}

/**
 * One callback Bandwidth made (or, with faults, deliberately did not make): an order's status
 * change (`status`), a note added to an order (`note`, no `status`), or an event (`eventType`).
 */
export interface NotificationDelivery {
  orderId?: string;
  subscriptionId: string;
  url: string;
  status?: string;
  note?: string;
  eventType?: string;
  /** The numbers an event names, as the callback wrote them. */
  telephoneNumbers?: string[];
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

/** What `GET /_sandbox/tnoptions` shows of a TN option order. */
export interface SandboxTnOptionView {
  orderId: string;
  customerOrderId?: string;
  processingStatus: string;
  groups: Array<{ sms?: string; action?: string; campaignId?: string; telephoneNumbers: string[] }>;
  errors: Array<{ code: string; description: string; telephoneNumber: string }>;
  warnings: Array<{ telephoneNumber: string; description: string }>;
}
