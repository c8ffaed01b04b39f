import { fileURLToPath } from 'node:url';
export {
  EncryptionCodec,
  PayloadCodecError,
  ENCRYPTED_ENCODING,
  ENCRYPTION_CIPHER,
  METADATA_CIPHER_KEY,
  METADATA_KEY_ID_KEY,
  type PayloadCodecErrorCode,
  type PayloadKeyring,
} from './encryption-codec.js';
export {
  loadPayloadKeys,
  parsePayloadKey,
  payloadKeyId,
  generatePayloadKey,
  PayloadKeyError,
  KEY_VARIABLE,
  PREVIOUS_KEYS_VARIABLE,
  SANDBOX_KEY_FILE,
  type PayloadKeyOptions,
} from './keys.js';
export { codecRoutes, MAX_CODEC_BODY_BYTES, type CodecRoutesOptions, type JsonPayload } from './codec-server.js';
export {
  createCodecSessions,
  CODEC_SESSION_COOKIE,
  requireApiKeyOrSession,
  sessionTokenOf,
  type CodecSessions,
} from './codec-session.js';

/** The failure converter module, by path: workers and workflow bundles load it themselves. */
export const failureConverterPath = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));
