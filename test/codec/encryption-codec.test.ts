import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, PayloadCodecError, payloadKeyId, type PayloadKeyring } from '../../codec/index.js';

const SUBSCRIBER = {
  name: 'Ada Lovelace-Marker',
  serviceAddress: { houseNumber: '12', streetName: 'St James Square', city: 'London' },
};

function keyring(active: Buffer, ...previous: Buffer[]): PayloadKeyring {
  return {
    activeKeyId: payloadKeyId(active),
    keys: new Map([active, ...previous].map((key) => [payloadKeyId(key), key])),
  };
}
const utf8 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const metadataOf = (payload: Payload) =>
  Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, utf8(v)]));
const plain = (value: unknown) => defaultPayloadConverter.toPayload(value);

async function rejection(promise: Promise<unknown>): Promise<PayloadCodecError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PayloadCodecError) return error;
    throw error;
  }
  throw new Error('expected the codec to reject');
}

describe('EncryptionCodec', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  test('encodes to an encrypted payload naming cipher and key id, with no plain text inside, and decodes back to the original', async () => {
    const codec = new EncryptionCodec(keyring(keyA));
    const original = plain(SUBSCRIBER);

    const [encrypted] = await codec.encode([original]);

    expect(metadataOf(encrypted!)).toEqual({
      encoding: 'binary/encrypted',
      'encryption-cipher': 'AES256GCM',
      'encryption-key-id': payloadKeyId(keyA),
    });
    expect(Buffer.from(encrypted!.data!).includes('Ada Lovelace')).toBe(false);
    expect(Buffer.from(encrypted!.data!).includes('json/plain')).toBe(false); // the original metadata is inside too
    const [decoded] = await codec.decode([encrypted!]);
    expect(metadataOf(decoded!)).toEqual(metadataOf(original));
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(SUBSCRIBER);
  });

  test('uses a fresh IV for every payload, so equal inputs never give equal ciphertexts', async () => {
    const codec = new EncryptionCodec(keyring(keyA));
    const [first, second] = await codec.encode([plain(SUBSCRIBER), plain(SUBSCRIBER)]);
    expect(Buffer.from(first!.data!).subarray(0, 12).equals(Buffer.from(second!.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
  });

  test('after rotating to key B with A kept as previous, payloads written under A still decode and new ones use B', async () => {
    const before = new EncryptionCodec(keyring(keyA));
    const [underA] = await before.encode([plain(SUBSCRIBER)]);

    const after = new EncryptionCodec(keyring(keyB, keyA));
    const [decoded] = await after.decode([underA!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(SUBSCRIBER);
    const [underB] = await after.encode([plain(SUBSCRIBER)]);
    expect(metadataOf(underB!)['encryption-key-id']).toBe(payloadKeyId(keyB));
    expect(after.keyId).toBe(payloadKeyId(keyB));
  });

  test('a payload under a key this process does not hold fails with PAYLOAD_KEY_UNKNOWN naming the id, never a key', async () => {
    const [underA] = await new EncryptionCodec(keyring(keyA)).encode([plain(SUBSCRIBER)]);
    const error = await rejection(new EncryptionCodec(keyring(keyB)).decode([underA!]));

    expect(error.code).toBe('PAYLOAD_KEY_UNKNOWN');
    expect(error.message).toContain(payloadKeyId(keyA));
    for (const key of [keyA, keyB]) {
      expect(error.message).not.toContain(key.toString('base64'));
      expect(error.message).not.toContain(key.toString('hex'));
    }
  });

  test.each([
    ['the ciphertext', (_data: Buffer) => 20],
    ['the IV', (_data: Buffer) => 0],
    ['the GCM tag', (data: Buffer) => data.length - 1],
  ])(
    'a change to %s is rejected by GCM authentication instead of decoding to altered data',
    async (_part, position) => {
      const codec = new EncryptionCodec(keyring(keyA));
      const [encrypted] = await codec.encode([plain(SUBSCRIBER)]);
      const data = Buffer.from(encrypted!.data!);
      const at = position(data);
      data[at] = data[at]! ^ 0x01;

      const error = await rejection(codec.decode([{ ...encrypted!, data }]));
      expect(error.code).toBe('PAYLOAD_DECRYPT_FAILED');
    },
  );

  test('a payload under a different key that claims an id we hold fails authentication', async () => {
    const [underB] = await new EncryptionCodec(keyring(keyB)).encode([plain(SUBSCRIBER)]);
    const forged = {
      ...underB!,
      metadata: { ...underB!.metadata, 'encryption-key-id': Buffer.from(payloadKeyId(keyA)) },
    };
    expect((await rejection(new EncryptionCodec(keyring(keyA)).decode([forged]))).code).toBe('PAYLOAD_DECRYPT_FAILED');
  });

  test('payloads it did not encrypt (histories from before encryption) pass through decode unchanged', async () => {
    const codec = new EncryptionCodec(keyring(keyA));
    const originals = [plain(SUBSCRIBER), plain(null), plain(new Uint8Array([1, 2, 3]))];
    const decoded = await codec.decode(originals);
    expect(decoded).toHaveLength(3);
    decoded.forEach((payload, index) => expect(payload).toBe(originals[index]));
  });

  test('an encrypted payload without a key id or too short to hold IV and tag is reported as malformed', async () => {
    const codec = new EncryptionCodec(keyring(keyA));
    const [encrypted] = await codec.encode([plain(SUBSCRIBER)]);
    const { 'encryption-key-id': _dropped, ...withoutKeyId } = encrypted!.metadata!;
    expect((await rejection(codec.decode([{ ...encrypted!, metadata: withoutKeyId }]))).code).toBe('PAYLOAD_MALFORMED');
    expect((await rejection(codec.decode([{ ...encrypted!, data: Buffer.alloc(27) }]))).code).toBe('PAYLOAD_MALFORMED');
  });

  test('refuses a keyring whose active key is absent or not 32 bytes', () => {
    expect(() => new EncryptionCodec({ activeKeyId: 'deadbeef', keys: new Map([[payloadKeyId(keyA), keyA]]) })).toThrow(
      PayloadCodecError,
    );
    expect(() => new EncryptionCodec({ activeKeyId: 'short', keys: new Map([['short', randomBytes(16)]]) })).toThrow(
      /16 bytes/,
    );
  });
});
