import { EncryptionCodec, loadPayloadKeys, PayloadKeyError } from '../codec/index.js';
import { ConfigError, type Config } from './index.js';

/**
 * The payload codec every Temporal client and worker of this process uses: workflow inputs and
 * results (subscriber names and addresses among them) are stored encrypted.
 */
export function payloadCodecFromConfig(config: Pick<Config, 'payloadEncryption' | 'dataDir' | 'sandbox'>): EncryptionCodec {
  try {
    return new EncryptionCodec(
      loadPayloadKeys({
        value: config.payloadEncryption.key,
        previous: config.payloadEncryption.previousKeys,
        dataDir: config.dataDir,
        sandbox: config.sandbox.enabled,
      }),
    );
  } catch (error) {
    if (error instanceof PayloadKeyError) throw new ConfigError([error.message]);
    throw error;
  }
}
