import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

/** The metadata that marks a payload as ours; values are fixed by the wire format, do not change. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const ENCRYPTION_CIPHER = 'AES256GCM';
export const METADATA_CIPHER_KEY = 'encryption-cipher';
export const METADATA_KEY_ID_KEY = 'encryption-key-id';

// A CommonJS module whose exports Node's ESM loader cannot name: take them from its default export.
const { temporal } = proto;

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The keys a process can read with, and the one it writes with. Old keys stay in `keys` after a
 * rotation so histories written under them still decode.
 */
export interface PayloadKeyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export type PayloadCodecErrorCode =
  | 'PAYLOAD_KEY_UNKNOWN'
  | 'PAYLOAD_DECRYPT_FAILED'
  | 'PAYLOAD_MALFORMED'
  | 'PAYLOAD_KEYRING_INVALID'
  | 'PAYLOAD_NOT_ENCRYPTED';

/** Why a payload could not be encrypted or decrypted. Messages name key ids, never key material. */
export class PayloadCodecError extends Error {
  override readonly name = 'PayloadCodecError';
  constructor(
    readonly code: PayloadCodecErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const text = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : undefined;

/**
 * A Temporal `PayloadCodec` that encrypts every payload with AES-256-GCM, so workflow inputs,
 * results, signals and activity arguments reach Temporal (and its database) only as ciphertext.
 *
 * The whole original payload — metadata included — is serialized and encrypted, so not even its
 * encoding leaks. The wire form is `iv(12) | ciphertext | tag(16)`; GCM's tag makes any change to
 * the stored bytes fail decryption instead of yielding altered data.
 *
 * It runs in clients and workers (`dataConverter: { payloadCodecs: [codec] }`), never inside the
 * workflow sandbox.
 *
 * With `requireEncryption`, decoding refuses any payload this codec did not write. GCM makes the
 * encrypted ones tamper-evident; refusing plaintext makes them the only ones: someone who can reach
 * Temporal but holds no payload key cannot start (or signal) a request that the worker then runs
 * with the real Bandwidth credentials — the workflow task fails with PAYLOAD_NOT_ENCRYPTED instead.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly activeKeyId: string;
  private readonly activeKey: Buffer;
  private readonly keys: ReadonlyMap<string, Buffer>;

  private readonly requireEncryption: boolean;

  constructor(keyring: PayloadKeyring, options: { requireEncryption?: boolean } = {}) {
    this.requireEncryption = options.requireEncryption ?? false;
    for (const [id, key] of keyring.keys) {
      if (key.length !== KEY_BYTES)
        throw new PayloadCodecError(
          'PAYLOAD_KEYRING_INVALID',
          `payload key ${id} is ${key.length} bytes; AES-256 needs ${KEY_BYTES}`,
        );
    }
    const active = keyring.keys.get(keyring.activeKeyId);
    if (!active)
      throw new PayloadCodecError(
        'PAYLOAD_KEYRING_INVALID',
        `the active payload key id ${keyring.activeKeyId} is not in the keyring`,
      );
    this.activeKeyId = keyring.activeKeyId;
    this.activeKey = active;
    // A private copy: a caller mutating its map later must not change what this codec can read.
    this.keys = new Map(keyring.keys);
  }

  /** The key id new payloads are written under (safe to log). */
  get keyId(): string {
    return this.activeKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encryptOne(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decryptOne(payload));
  }

  private encryptOne(payload: Payload): Payload {
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.activeKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
        [METADATA_CIPHER_KEY]: utf8(ENCRYPTION_CIPHER),
        [METADATA_KEY_ID_KEY]: utf8(this.activeKeyId),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decryptOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) {
      if (this.requireEncryption) {
        throw new PayloadCodecError(
          'PAYLOAD_NOT_ENCRYPTED',
          "payload is not encrypted with this deployment's payload key; refused: only hostflow clients holding PAYLOAD_ENCRYPTION_KEY may start or signal requests",
        );
      }
      // Lenient readers (the codec endpoint, the API's client) show plaintext as it is.
      return payload;
    }

    const cipherName = text(payload.metadata?.[METADATA_CIPHER_KEY]);
    if (cipherName !== undefined && cipherName !== ENCRYPTION_CIPHER) {
      throw new PayloadCodecError(
        'PAYLOAD_MALFORMED',
        `encrypted payload uses cipher ${JSON.stringify(cipherName)}; only ${ENCRYPTION_CIPHER} is supported`,
      );
    }
    const keyId = text(payload.metadata?.[METADATA_KEY_ID_KEY]);
    if (!keyId)
      throw new PayloadCodecError('PAYLOAD_MALFORMED', `encrypted payload has no ${METADATA_KEY_ID_KEY} metadata`);
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadCodecError(
        'PAYLOAD_KEY_UNKNOWN',
        `payload was encrypted with key id ${keyId}, which this process does not hold; add that key to PAYLOAD_ENCRYPTION_PREVIOUS_KEYS`,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.byteLength < IV_BYTES + TAG_BYTES) {
      throw new PayloadCodecError(
        'PAYLOAD_MALFORMED',
        `encrypted payload is ${data.byteLength} bytes, shorter than its IV and tag`,
      );
    }
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      plaintext = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (cause) {
      throw new PayloadCodecError(
        'PAYLOAD_DECRYPT_FAILED',
        `encrypted payload under key id ${keyId} failed authentication: it was altered or the key is wrong`,
        { cause },
      );
    }
    try {
      return temporal.api.common.v1.Payload.decode(plaintext);
    } catch (cause) {
      throw new PayloadCodecError(
        'PAYLOAD_MALFORMED',
        `decrypted payload under key id ${keyId} is not a Temporal payload`,
        { cause },
      );
    }
  }
}
