import type { AuthProvider } from './auth.js';
import type { ApiDialect } from './dialect.js';
import { checkImportability } from './importability.js';
import { createImportOrder, getImportOrder, getImportOrderHistory, listImportOrders } from './import-orders.js';
import { isInService } from './in-service.js';
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
  getSubscription,
  listSubscriptions,
  updateSubscription,
} from './subscriptions.js';
import { createTnOptionOrder, getTnOptionOrder, listTnOptionOrders } from './tn-options.js';
import { createTransport } from './transport.js';
import type {
  CallOptions,
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
  SubscriptionFilter,
  SubscriptionInput,
  TnOptionOrder,
  TnOptionOrderFilter,
  TnOptionOrderInput,
  TnOptionOrderSummary,
} from './types.js';

export interface BandwidthClientConfig {
  /**
   * e.g. "https://dashboard.bandwidth.com/api"; paths are {baseUrl}/accounts/{accountId}/...
   * A base ending in `/api/v2` speaks the v2 Universal Platform dialect, any other v1.
   */
  baseUrl: string;
  accountId: string;
  auth: AuthProvider;
  /** Per HTTP call, default 30 000. */
  timeoutMs?: number;
  /** Default 10 MiB. */
  maxResponseBytes?: number;
  /** Normally left out: the dialect follows `baseUrl`. */
  dialect?: ApiDialect;
  /** Same-host redirects followed on a read, default 5. */
  maxRedirects?: number;
}

/**
 * The Bandwidth Dashboard calls of hosted messaging, in either API generation. Every failure is a
 * BandwidthError (or a BandwidthXmlError for an answer that cannot be read); nothing is retried
 * here except one re-send after a 401 with a refreshed OAuth2 token. Numbers go in and come out as
 * hostflow's 10 digits (`+1…` is accepted too); the client writes them as the dialect wants. Every
 * call takes an optional `{ signal }` that aborts it, HTTP request included.
 */
export interface BandwidthClient {
  /** `v2` when the base URL ends in `/api/v2` (E.164 numbers, `/…/messaging` paths), else `v1`. */
  readonly dialect: ApiDialect;
  /** importTnChecker; more than 5000 numbers go out in sequential chunks, rejects grouped by code. */
  checkImportability(
    request: { telephoneNumbers: string[]; siteId?: string; sipPeerId?: string },
    options?: CallOptions,
  ): Promise<ImportabilityResult>;
  /** An order with more numbers than Bandwidth takes fails with BANDWIDTH_ORDER_TOO_LARGE (7314, 5095). */
  createImportOrder(order: ImportOrderInput, options?: CallOptions): Promise<ImportOrder>;
  getImportOrder(orderId: string, options?: CallOptions): Promise<ImportOrder>;
  listImportOrders(filter?: ImportOrderFilter, options?: CallOptions): Promise<ImportOrderSummary[]>;
  getImportOrderHistory(orderId: string, options?: CallOptions): Promise<OrderHistoryEntry[]>;
  /** Refuses content types Bandwidth does not accept before any call (BANDWIDTH_UNSUPPORTED_FILE_TYPE). */
  uploadLoa(
    orderId: string,
    file: { contentType: string; data: Uint8Array; documentType?: LoaDocumentType },
    options?: CallOptions,
  ): Promise<{ filename: string }>;
  listLoas(orderId: string, options?: CallOptions): Promise<LoaFile[]>;
  downloadLoa(orderId: string, fileName: string, options?: CallOptions): Promise<DownloadedLoa>;
  deleteLoa(orderId: string, fileName: string, options?: CallOptions): Promise<void>;
  createSubscription(subscription: SubscriptionInput, options?: CallOptions): Promise<{ subscriptionId: string }>;
  /** A string is an order type, as before; `{ eventType: 'MESSAGING_LOST' }` lists event subscriptions. */
  listSubscriptions(filter?: string | SubscriptionFilter, options?: CallOptions): Promise<Subscription[]>;
  /** One subscription, with the outcome of Bandwidth's latest callback in `status`. */
  getSubscription(subscriptionId: string, options?: CallOptions): Promise<Subscription>;
  updateSubscription(subscriptionId: string, subscription: SubscriptionInput, options?: CallOptions): Promise<void>;
  deleteSubscription(subscriptionId: string, options?: CallOptions): Promise<void>;
  /**
   * Idempotent: finds ours by type and URL, fixes it, creates it only when missing, and takes a
   * 409 on create as "it exists" (`action: 'found'`). Refusals are BANDWIDTH_SUBSCRIPTION_REFUSED.
   */
  ensureSubscription(subscription: EnsureSubscriptionInput, options?: CallOptions): Promise<EnsuredSubscription>;
  createRemoveImportedTnOrder(order: RemoveImportedTnOrderInput, options?: CallOptions): Promise<RemoveImportedTnOrder>;
  getRemoveImportedTnOrder(orderId: string, options?: CallOptions): Promise<RemoveImportedTnOrder>;
  listRemoveImportedTnOrders(
    filter?: RemoveImportedTnOrderFilter,
    options?: CallOptions,
  ): Promise<RemoveImportedTnOrderSummary[]>;
  getRemoveImportedTnOrderHistory(orderId: string, options?: CallOptions): Promise<OrderHistoryEntry[]>;
  /** `GET /inserviceNumbers/{tn}`: 200 → true, 404 → false. */
  isInService(telephoneNumber: string, options?: CallOptions): Promise<boolean>;
  /**
   * A TN option order (e.g. SMS on and a 10DLC campaign); refusals for the whole account or
   * location (5133, 5139) are BANDWIDTH_A2P_NOT_ENABLED, per-number ones are in the order's `errors`.
   */
  createTnOptionOrder(order: TnOptionOrderInput, options?: CallOptions): Promise<TnOptionOrder>;
  getTnOptionOrder(orderId: string, options?: CallOptions): Promise<TnOptionOrder>;
  listTnOptionOrders(filter?: TnOptionOrderFilter, options?: CallOptions): Promise<TnOptionOrderSummary[]>;
}

export function createBandwidthClient(config: BandwidthClientConfig): BandwidthClient {
  const transport = createTransport(config);
  return {
    dialect: transport.dialect,
    checkImportability: (request, options) => checkImportability(transport, request, options),
    createImportOrder: (order, options) => createImportOrder(transport, order, options),
    getImportOrder: (orderId, options) => getImportOrder(transport, orderId, options),
    listImportOrders: (filter, options) => listImportOrders(transport, filter, options),
    getImportOrderHistory: (orderId, options) => getImportOrderHistory(transport, orderId, options),
    uploadLoa: (orderId, file, options) => uploadLoa(transport, orderId, file, options),
    listLoas: (orderId, options) => listLoas(transport, orderId, options),
    downloadLoa: (orderId, fileName, options) => downloadLoa(transport, orderId, fileName, options),
    deleteLoa: (orderId, fileName, options) => deleteLoa(transport, orderId, fileName, options),
    createSubscription: (subscription, options) => createSubscription(transport, subscription, options),
    listSubscriptions: (filter, options) => listSubscriptions(transport, filter, options),
    getSubscription: (subscriptionId, options) => getSubscription(transport, subscriptionId, options),
    updateSubscription: (subscriptionId, subscription, options) =>
      updateSubscription(transport, subscriptionId, subscription, options),
    deleteSubscription: (subscriptionId, options) => deleteSubscription(transport, subscriptionId, options),
    ensureSubscription: (subscription, options) => ensureSubscription(transport, subscription, options),
    createRemoveImportedTnOrder: (order, options) => createRemoveImportedTnOrder(transport, order, options),
    getRemoveImportedTnOrder: (orderId, options) => getRemoveImportedTnOrder(transport, orderId, options),
    listRemoveImportedTnOrders: (filter, options) => listRemoveImportedTnOrders(transport, filter, options),
    getRemoveImportedTnOrderHistory: (orderId, options) => getRemoveImportedTnOrderHistory(transport, orderId, options),
    isInService: (telephoneNumber, options) => isInService(transport, telephoneNumber, options),
    createTnOptionOrder: (order, options) => createTnOptionOrder(transport, order, options),
    getTnOptionOrder: (orderId, options) => getTnOptionOrder(transport, orderId, options),
    listTnOptionOrders: (filter, options) => listTnOptionOrders(transport, filter, options),
  };
}
