export { basicAuth, type AuthProvider } from './auth.js';
export { oauth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2-client-credentials.js';
export { createBandwidthClient, type BandwidthClient, type BandwidthClientConfig } from './client.js';
export {
  API_DIALECTS,
  dialectOfBaseUrl,
  fromWireNumber,
  numberFormatOf,
  toWireNumber,
  type ApiDialect,
  type SubscriptionNumberFormat,
} from './dialect.js';
export {
  ACCOUNT_LEVEL_TN_OPTION_CODES,
  BandwidthError,
  BandwidthXmlError,
  ORDER_TOO_LARGE_CODES,
  isCredentialError,
  type BandwidthErrorCode,
  type BandwidthErrorDetails,
  type BandwidthXmlErrorCode,
  type SubscriptionRefusalReason,
} from './errors.js';
export { MAX_NUMBERS_PER_CHECK, mergeImportability } from './importability.js';
export { LOA_CONTENT_TYPES, isAcceptedLoaContentType } from './loa-files.js';
export { parseNotification, parseOrderNotification, DEFAULT_MAX_NOTIFICATION_BYTES } from './order-notification.js';
export { MAX_RETRY_AFTER_MS } from './retry-after.js';
export { BASIC_CREDENTIALS_REMOVED_HINT } from './status-errors.js';
export { KNOWN_ORDER_TYPES, PROCESSING_STATUSES, TN_OPTION_ORDER_STATUSES } from './types.js';
export type {
  A2pAction,
  BandwidthNotification,
  CallOptions,
  CallbackCredentials,
  DownloadedLoa,
  EnsureSubscriptionInput,
  EnsuredSubscription,
  ImportabilityResult,
  ImportOrder,
  ImportOrderFilter,
  ImportOrderInput,
  ImportOrderSummary,
  KnownOrderType,
  LoaDocumentType,
  LoaFile,
  LoaUpload,
  MessagingLostNotification,
  NumberError,
  OrderHistoryEntry,
  OrderNoteNotification,
  OrderNotification,
  OrderStatusNotification,
  ProcessingStatus,
  RemoveImportedTnOrder,
  RemoveImportedTnOrderFilter,
  RemoveImportedTnOrderInput,
  RemoveImportedTnOrderSummary,
  ServiceAddress,
  Subscription,
  SubscriptionEventType,
  SubscriptionFilter,
  SubscriptionInput,
  TnOptionGroup,
  TnOptionGroupInput,
  TnOptionOrder,
  TnOptionOrderFilter,
  TnOptionOrderInput,
  TnOptionOrderStatus,
  TnOptionOrderSummary,
  TnOptionWarning,
  UnknownNotification,
} from './types.js';
