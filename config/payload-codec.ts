import { hkdfSync } from 'node:crypto';
import { EncryptionCodec, loadPayloadKeys, PayloadKeyError } from '../codec/index.js';
import { ConfigError, type Config } from './index.js';

/**
 * The payload codec every Temporal client and worker of this process uses: workflow inputs and
 * results (subscriber names and addresses among them) are stored encrypted.
 */
export function payloadCodecFromConfig(config: KeyConfig): EncryptionCodec {
  return new EncryptionCodec(keyringFromConfig(config));
}

/**
 * The worker's codec: outside sandbox mode it refuses payloads not encrypted with the deployment's
 * key, so a workflow started by anyone with Temporal access but without the key is refused (its
 * workflow task fails), never run. Readers — the API's client, /codec — stay lenient: reading a
 * foreign payload cannot make anything happen.
 */
export function workerPayloadCodecFromConfig(config: KeyConfig): EncryptionCodec {
  return new EncryptionCodec(keyringFromConfig(config), { requireEncryption: !config.sandbox.enabled });
}

/**
 * A key for signing the API's page tokens, derived from the active payload key: every API
 * instance of a deployment shares it without another secret to configure.
 */
export function pageTokenKeyFromConfig(config: KeyConfig): Buffer {
  const keyring = keyringFromConfig(config);
  return Buffer.from(
    hkdfSync('sha256', keyring.keys.get(keyring.activeKeyId)!, Buffer.alloc(0), 'hostflow page tokens', 32),
  );
}

/** The key that signs Web UI sessions for /codec: derived like the page-token key, shared by every API instance. */
export function codecSessionKeyFromConfig(config: KeyConfig): Buffer {
  const keyring = keyringFromConfig(config);
  return Buffer.from(
    hkdfSync('sha256', keyring.keys.get(keyring.activeKeyId)!, Buffer.alloc(0), 'hostflow codec sessions', 32),
  );
}

type KeyConfig = Pick<Config, 'payloadEncryption' | 'dataDir' | 'sandbox'>;

/** The payload keys of this process: for the codec, and for sealing what is kept outside Temporal. */
export function keyringFromConfig(config: KeyConfig) {
  try {
    return loadPayloadKeys({
      value: config.payloadEncryption.key,
      previous: config.payloadEncryption.previousKeys,
      dataDir: config.dataDir,
      sandbox: config.sandbox.enabled,
    });
  } catch (error) {
    if (error instanceof PayloadKeyError) throw new ConfigError([error.message]);
    throw error;
  }
}
