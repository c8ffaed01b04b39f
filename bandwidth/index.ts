export { basicAuth, type AuthProvider } from './auth.js';
export { oauth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2-client-credentials.js';
export { createBandwidthClient, type BandwidthClient, type BandwidthClientConfig } from './client.js';
export {
  BandwidthError,
  BandwidthXmlError,
  type BandwidthErrorCode,
  type BandwidthErrorDetails,
  type BandwidthXmlErrorCode,
} from './errors.js';
export { MAX_NUMBERS_PER_CHECK, mergeImportability } from './importability.js';
export { LOA_CONTENT_TYPES, isAcceptedLoaContentType } from './loa-files.js';
export { parseOrderNotification, DEFAULT_MAX_NOTIFICATION_BYTES } from './order-notification.js';
export { PROCESSING_STATUSES } from './types.js';
export type {
  CallbackCredentials,
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
  LoaUpload,
  NumberError,
  OrderHistoryEntry,
  OrderNotification,
  ProcessingStatus,
  RemoveImportedTnOrder,
  RemoveImportedTnOrderFilter,
  RemoveImportedTnOrderInput,
  RemoveImportedTnOrderSummary,
  ServiceAddress,
  Subscription,
  SubscriptionInput,
} from './types.js';
