import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EncryptionCodec,
  loadPayloadKeys,
  payloadKeyId,
  PayloadKeyError,
  SANDBOX_KEY_FILE,
} from '../../codec/index.js';
import { defaultPayloadConverter } from '@temporalio/common';

function loadError(run: () => unknown): PayloadKeyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PayloadKeyError) return error;
    throw error;
  }
  throw new Error('expected loadPayloadKeys to throw');
}

describe('loadPayloadKeys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hostflow-keys-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a configured key becomes the active key, its id derived from the key so every process agrees', () => {
    const key = randomBytes(32);
    const first = loadPayloadKeys({ value: key.toString('base64'), dataDir, sandbox: false });
    const second = loadPayloadKeys({ value: ` ${key.toString('base64')}\n`, dataDir, sandbox: true });

    expect(first.activeKeyId).toMatch(/^[0-9a-f]{8}$/);
    expect(first.activeKeyId).toBe(second.activeKeyId);
    expect(first.keys.get(first.activeKeyId)?.equals(key)).toBe(true);
    expect(() => statSync(join(dataDir, SANDBOX_KEY_FILE))).toThrow(); // a configured key is never written down
  });

  test('previous keys are kept for decryption while the configured key encrypts', async () => {
    const [oldest, older, current] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const ring = loadPayloadKeys({
      value: current.toString('base64'),
      previous: ` ${older.toString('base64')}, ,${oldest.toString('base64')},`,
      dataDir,
      sandbox: false,
    });
    expect(ring.activeKeyId).toBe(payloadKeyId(current));
    expect([...ring.keys.keys()].sort()).toEqual([current, older, oldest].map(payloadKeyId).sort());

    const [underOldest] = await new EncryptionCodec(
      loadPayloadKeys({ value: oldest.toString('base64'), dataDir, sandbox: false }),
    ).encode([defaultPayloadConverter.toPayload('x')]);
    const [decoded] = await new EncryptionCodec(ring).decode([underOldest!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBe('x');
  });

  test('sandbox mode without a key generates one, keeps it in DATA_DIR with mode 0600, and reuses it on the next start', () => {
    const first = loadPayloadKeys({ dataDir, sandbox: true });
    const file = join(dataDir, SANDBOX_KEY_FILE);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.keys.get(first.activeKeyId)!)).toBe(
      true,
    );
    const second = loadPayloadKeys({ dataDir, sandbox: true });
    expect(second.activeKeyId).toBe(first.activeKeyId);
    expect(second.keys.get(second.activeKeyId)?.equals(first.keys.get(first.activeKeyId)!)).toBe(true);
  });

  test('sandbox mode creates the key directory when DATA_DIR does not exist yet', () => {
    const nested = join(dataDir, 'a', 'b');
    const ring = loadPayloadKeys({ dataDir: nested, sandbox: true });
    expect(loadPayloadKeys({ dataDir: nested, sandbox: true }).activeKeyId).toBe(ring.activeKeyId);
  });

  test('outside sandbox mode a missing key is an error naming PAYLOAD_ENCRYPTION_KEY', () => {
    const error = loadError(() => loadPayloadKeys({ value: '  ', dataDir, sandbox: false }));
    expect(error.code).toBe('PAYLOAD_KEY_MISSING');
    expect(error.message).toMatch(/^PAYLOAD_ENCRYPTION_KEY is required/);
  });

  test.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['31 bytes', randomBytes(31).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['64 bytes', randomBytes(64).toString('base64')],
    ['not base64', `${randomBytes(32).toString('hex')}!`],
  ])('a key of %s is rejected in one line naming the variable, without the key', (_what, value) => {
    const error = loadError(() => loadPayloadKeys({ value, dataDir, sandbox: true }));
    expect(error.code).toBe('PAYLOAD_KEY_INVALID');
    expect(error.message).toMatch(/^PAYLOAD_ENCRYPTION_KEY /);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain(value.slice(0, 12));
  });

  test('an invalid previous key is rejected naming PAYLOAD_ENCRYPTION_PREVIOUS_KEYS and its position, without the key', () => {
    const bad = randomBytes(24).toString('base64');
    const error = loadError(() =>
      loadPayloadKeys({
        value: randomBytes(32).toString('base64'),
        previous: `${randomBytes(32).toString('base64')},${bad}`,
        dataDir,
        sandbox: false,
      }),
    );
    expect(error.code).toBe('PAYLOAD_KEY_INVALID');
    expect(error.message).toMatch(/^PAYLOAD_ENCRYPTION_PREVIOUS_KEYS entry 2 decodes to 24 bytes/);
    expect(error.message).not.toContain(bad);
  });

  test('a damaged sandbox key file is reported by path, not silently replaced (that would orphan every history)', () => {
    const file = join(dataDir, SANDBOX_KEY_FILE);
    writeFileSync(file, 'c2hvcnQ=\n', { mode: 0o600 });
    const error = loadError(() => loadPayloadKeys({ dataDir, sandbox: true }));
    expect(error.code).toBe('PAYLOAD_KEY_INVALID');
    expect(error.message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('c2hvcnQ=\n');
  });
});
