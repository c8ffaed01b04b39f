import type { AuthProvider } from './auth.js';
import { checkImportability } from './importability.js';
import { createImportOrder, getImportOrder, getImportOrderHistory, listImportOrders } from './import-orders.js';
import { deleteLoa, downloadLoa, listLoas, uploadLoa } from './loa-files.js';
import {
  createRemoveImportedTnOrder,
  getRemoveImportedTnOrder,
  getRemoveImportedTnOrderHistory,
  listRemoveImportedTnOrders,
} from './remove-imported-tn-orders.js';
import {
  createSubscription,
  deleteSubscription,
  ensureSubscription,
  listSubscriptions,
  updateSubscription,
} from './subscriptions.js';
import { createTransport } from './transport.js';
import type {
  DownloadedLoa,
  EnsureSubscriptionInput,
  EnsuredSubscription,
  ImportabilityResult,
  ImportOrder,
  ImportOrderFilter,
  ImportOrderInput,
  ImportOrderSummary,
  LoaDocumentType,
  LoaFile,
  OrderHistoryEntry,
  RemoveImportedTnOrder,
  RemoveImportedTnOrderFilter,
  RemoveImportedTnOrderInput,
  RemoveImportedTnOrderSummary,
  Subscription,
  SubscriptionInput,
} from './types.js';

export interface BandwidthClientConfig {
  /** e.g. "https://dashboard.bandwidth.com/api"; paths are {baseUrl}/accounts/{accountId}/... */
  baseUrl: string;
  accountId: string;
  auth: AuthProvider;
  /** Per HTTP call, default 30 000. */
  timeoutMs?: number;
  /** Default 10 MiB. */
  maxResponseBytes?: number;
}

/**
 * The Bandwidth Dashboard calls of hosted messaging. Every failure is a BandwidthError (or a
 * BandwidthXmlError for an answer that cannot be read); nothing is retried here except one
 * re-send after a 401 with a refreshed OAuth2 token.
 */
export interface BandwidthClient {
  /** importTnChecker; more than 5000 numbers go out in sequential chunks, rejects grouped by code. */
  checkImportability(request: {
    telephoneNumbers: string[];
    siteId?: string;
    sipPeerId?: string;
  }): Promise<ImportabilityResult>;
  createImportOrder(order: ImportOrderInput): Promise<ImportOrder>;
  getImportOrder(orderId: string): Promise<ImportOrder>;
  listImportOrders(filter?: ImportOrderFilter): Promise<ImportOrderSummary[]>;
  getImportOrderHistory(orderId: string): Promise<OrderHistoryEntry[]>;
  /** Refuses content types Bandwidth does not accept before any call (BANDWIDTH_UNSUPPORTED_FILE_TYPE). */
  uploadLoa(
    orderId: string,
    file: { contentType: string; data: Uint8Array; documentType?: LoaDocumentType },
  ): Promise<{ filename: string }>;
  listLoas(orderId: string): Promise<LoaFile[]>;
  downloadLoa(orderId: string, fileName: string): Promise<DownloadedLoa>;
  deleteLoa(orderId: string, fileName: string): Promise<void>;
  createSubscription(subscription: SubscriptionInput): Promise<{ subscriptionId: string }>;
  listSubscriptions(orderType?: string): Promise<Subscription[]>;
  updateSubscription(subscriptionId: string, subscription: SubscriptionInput): Promise<void>;
  deleteSubscription(subscriptionId: string): Promise<void>;
  ensureSubscription(subscription: EnsureSubscriptionInput): Promise<EnsuredSubscription>;
  createRemoveImportedTnOrder(order: RemoveImportedTnOrderInput): Promise<RemoveImportedTnOrder>;
  getRemoveImportedTnOrder(orderId: string): Promise<RemoveImportedTnOrder>;
  listRemoveImportedTnOrders(filter?: RemoveImportedTnOrderFilter): Promise<RemoveImportedTnOrderSummary[]>;
  getRemoveImportedTnOrderHistory(orderId: string): Promise<OrderHistoryEntry[]>;
}

export function createBandwidthClient(config: BandwidthClientConfig): BandwidthClient {
  const transport = createTransport(config);
  return {
    checkImportability: (request) => checkImportability(transport, request),
    createImportOrder: (order) => createImportOrder(transport, order),
    getImportOrder: (orderId) => getImportOrder(transport, orderId),
    listImportOrders: (filter) => listImportOrders(transport, filter),
    getImportOrderHistory: (orderId) => getImportOrderHistory(transport, orderId),
    uploadLoa: (orderId, file) => uploadLoa(transport, orderId, file),
    listLoas: (orderId) => listLoas(transport, orderId),
    downloadLoa: (orderId, fileName) => downloadLoa(transport, orderId, fileName),
    deleteLoa: (orderId, fileName) => deleteLoa(transport, orderId, fileName),
    createSubscription: (subscription) => createSubscription(transport, subscription),
    listSubscriptions: (orderType) => listSubscriptions(transport, orderType),
    updateSubscription: (subscriptionId, subscription) => updateSubscription(transport, subscriptionId, subscription),
    deleteSubscription: (subscriptionId) => deleteSubscription(transport, subscriptionId),
    ensureSubscription: (subscription) => ensureSubscription(transport, subscription),
    createRemoveImportedTnOrder: (order) => createRemoveImportedTnOrder(transport, order),
    getRemoveImportedTnOrder: (orderId) => getRemoveImportedTnOrder(transport, orderId),
    listRemoveImportedTnOrders: (filter) => listRemoveImportedTnOrders(transport, filter),
    getRemoveImportedTnOrderHistory: (orderId) => getRemoveImportedTnOrderHistory(transport, orderId),
  };
}
