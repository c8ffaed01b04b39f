import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PayloadCodecError, type PayloadKeyring } from './encryption-codec.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Bytes sealed with a payload key: AES-256-GCM, `iv(12) | ciphertext | tag(16)`, and the key's id. */
export interface SealedBytes {
  keyId: string;
  sealed: Buffer;
}

/**
 * Seals data kept outside Temporal (LOA files, a request's input in the record) with the same
 * keys as workflow payloads. `context` (e.g. the row's id) is authenticated but not stored, so
 * sealed bytes moved to another row no longer open.
 */
export function sealBytes(keyring: PayloadKeyring, data: Uint8Array, context: string): SealedBytes {
  const key = keyring.keys.get(keyring.activeKeyId);
  if (!key)
    throw new PayloadCodecError('PAYLOAD_KEYRING_INVALID', `the active payload key ${keyring.activeKeyId} is missing`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  return { keyId: keyring.activeKeyId, sealed: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]) };
}

export function openBytes(keyring: PayloadKeyring, { keyId, sealed }: SealedBytes, context: string): Buffer {
  const key = keyring.keys.get(keyId);
  if (!key) {
    throw new PayloadCodecError(
      'PAYLOAD_KEY_UNKNOWN',
      `data was sealed with key id ${keyId}, which this process does not hold; add that key to PAYLOAD_ENCRYPTION_PREVIOUS_KEYS`,
    );
  }
  if (sealed.length < IV_BYTES + TAG_BYTES) {
    throw new PayloadCodecError(
      'PAYLOAD_MALFORMED',
      `sealed data is ${sealed.length} bytes, shorter than its IV and tag`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new PayloadCodecError(
      'PAYLOAD_DECRYPT_FAILED',
      `sealed data under key id ${keyId} failed authentication: it was altered, moved, or the key is wrong`,
      { cause },
    );
  }
}
