import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PayloadKeyring } from './encryption-codec.js';

export const KEY_VARIABLE = 'PAYLOAD_ENCRYPTION_KEY';
export const PREVIOUS_KEYS_VARIABLE = 'PAYLOAD_ENCRYPTION_PREVIOUS_KEYS';
/** Where sandbox mode keeps the key it made up, under DATA_DIR. */
export const SANDBOX_KEY_FILE = 'payload-encryption.key';

const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A payload key that is missing or unusable. The message is one line naming its source, never the key. */
export class PayloadKeyError extends Error {
  override readonly name = 'PayloadKeyError';
  constructor(
    readonly code: 'PAYLOAD_KEY_INVALID' | 'PAYLOAD_KEY_MISSING',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The id a key is known by in payload metadata: the first 8 hex digits of sha256(key bytes). Every
 * process derives the same id from the same key, so nothing else needs configuring; an operator
 * can compute it with `base64 -d <<<"$KEY" | sha256sum | cut -c1-8`.
 */
export function payloadKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Decodes one base64 key of exactly 32 bytes; `source` names where it came from in the error. */
export function parsePayloadKey(encoded: string, source: string): Buffer {
  const trimmed = encoded.trim();
  if (!BASE64.test(trimmed))
    throw new PayloadKeyError(
      'PAYLOAD_KEY_INVALID',
      `${source} is not base64 (expected 32 random bytes, e.g. from \`openssl rand -base64 32\`)`,
    );
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new PayloadKeyError(
      'PAYLOAD_KEY_INVALID',
      `${source} decodes to ${key.length} bytes; it must be exactly ${KEY_BYTES} (e.g. from \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

/** A new random key in the form the variables take. */
export function generatePayloadKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export interface PayloadKeyOptions {
  /** PAYLOAD_ENCRYPTION_KEY: the key new payloads are encrypted with. */
  value?: string;
  /** PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: comma-separated keys still accepted for decryption. */
  previous?: string;
  /** DATA_DIR: where sandbox mode keeps its generated key. */
  dataDir: string;
  sandbox: boolean;
}

/**
 * The keyring for this process. Production must configure PAYLOAD_ENCRYPTION_KEY; sandbox mode
 * makes one up once and keeps it under DATA_DIR, so the worker, the API and later restarts all
 * read the same histories.
 */
export function loadPayloadKeys(options: PayloadKeyOptions): PayloadKeyring {
  const value = options.value?.trim();
  let active: Buffer;
  if (value) {
    active = parsePayloadKey(value, KEY_VARIABLE);
  } else if (options.sandbox) {
    active = loadOrCreateSandboxKey(options.dataDir);
  } else {
    throw new PayloadKeyError(
      'PAYLOAD_KEY_MISSING',
      `${KEY_VARIABLE} is required outside sandbox mode (base64 of 32 random bytes, e.g. \`openssl rand -base64 32\`)`,
    );
  }

  const activeKeyId = payloadKeyId(active);
  const keys = new Map<string, Buffer>([[activeKeyId, active]]);
  const entries = (options.previous ?? '').split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    if (!entry) return;
    const key = parsePayloadKey(entry, `${PREVIOUS_KEYS_VARIABLE} entry ${index + 1}`);
    const id = payloadKeyId(key);
    const known = keys.get(id);
    // Two different keys sharing a 32-bit id is vanishingly rare, but it would make one unreadable.
    if (known && !known.equals(key)) {
      throw new PayloadKeyError(
        'PAYLOAD_KEY_INVALID',
        `${PREVIOUS_KEYS_VARIABLE} entry ${index + 1} has the same key id (${id}) as another key; generate a different key`,
      );
    }
    keys.set(id, key);
  });
  return { activeKeyId, keys };
}

/**
 * Reads `{dataDir}/payload-encryption.key`, creating it (mode 0600) on first use. The file is
 * written under a temporary name and hard-linked into place, so processes starting together
 * cannot see a half-written key or overwrite each other's: the first link wins, the others read it.
 */
function loadOrCreateSandboxKey(dataDir: string): Buffer {
  const file = join(dataDir, SANDBOX_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing) return existing;

  mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${generatePayloadKey()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const stored = readKeyFile(file);
  if (!stored) throw new PayloadKeyError('PAYLOAD_KEY_INVALID', `${file} could not be read back after it was created`);
  return stored;
}

function readKeyFile(file: string): Buffer | undefined {
  let contents: string;
  try {
    contents = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PayloadKeyError(
      'PAYLOAD_KEY_INVALID',
      `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: error },
    );
  }
  return parsePayloadKey(contents, file);
}
