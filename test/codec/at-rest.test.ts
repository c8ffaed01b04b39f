import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { EncryptionCodec, payloadKeyId } from '../../codec/index.js';
import { findTemporalCli } from '../../scripts/temporal-cli.js';
import { eventually, temporalAddress, uniqueId } from '../helpers/temporal.js';
import { startCodecServer } from './codec-http.js';
import type { SubscriberActivities, subscriberEcho } from './fixtures/subscriber-workflow.js';

const { temporal } = proto;
type History = proto.temporal.api.history.v1.IHistory;

/** Every payload's bytes as text, the way anyone reading Temporal's database would see them. */
function readableForms(history: History): { protoBytes: Buffer; json: string } {
  const asText = (value: unknown): unknown => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (Array.isArray(value)) return value.map(asText);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)]));
    return value;
  };
  return {
    protoBytes: Buffer.from(temporal.api.history.v1.History.encode(history).finish()),
    json: JSON.stringify(asText(history)),
  };
}

/** The encodings of every payload in a history (a payload is any object with `metadata.encoding`). */
function payloadEncodings(history: History): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    const encoding = (value as { metadata?: Record<string, Uint8Array> }).metadata?.encoding;
    if (encoding instanceof Uint8Array) found.push(Buffer.from(encoding).toString('utf8'));
    Object.values(value).forEach(walk);
  };
  walk(history);
  return found;
}

/** The payloads in `temporal workflow show --output json` (protobuf JSON: bytes are base64), as text. */
function cliPayloads(stdout: string): Array<{ encoding?: string; data: string }> {
  const found: Array<{ encoding?: string; data: string }> = [];
  const fromBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const { metadata, data } = value as { metadata?: Record<string, string>; data?: string };
    if (metadata && typeof metadata === 'object' && typeof metadata.encoding === 'string') {
      found.push({ encoding: fromBase64(metadata.encoding), data: typeof data === 'string' ? fromBase64(data) : '' });
    }
    Object.values(value).forEach(walk);
  };
  walk(JSON.parse(stdout));
  return found;
}

describe('payload encryption against the real Temporal dev server', () => {
  const key = randomBytes(32);
  const codec = new EncryptionCodec({ activeKeyId: payloadKeyId(key), keys: new Map([[payloadKeyId(key), key]]) });
  const marker = `Subscriber ${randomUUID()}`;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let codecClient: Client;
  let plainClient: Client;
  let bundle: WorkflowBundleWithSourceMap;
  let encryptedWorkflowId: string;

  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    codecClient = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
    plainClient = new Client({ connection });
    bundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./fixtures/subscriber-workflow.ts', import.meta.url)),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });

    // One run with the codec on both sides; the tests below read what it left in Temporal.
    const taskQueue = uniqueId('codec-at-rest');
    encryptedWorkflowId = uniqueId('codec-at-rest');
    const activities: SubscriberActivities = { describeSubscriber: async (s) => `Hello ${s.name} of ${s.city}` };
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      dataConverter: { payloadCodecs: [codec] },
    });
    await worker.runUntil(
      codecClient.workflow.execute<typeof subscriberEcho>('subscriberEcho', {
        taskQueue,
        workflowId: encryptedWorkflowId,
        args: [{ subscriber: { name: marker, city: 'Denver' } }],
      }),
    );
  });
  afterAll(async () => {
    await connection?.close();
    await nativeConnection?.close();
  });

  test('the client with the codec reads the workflow result in the clear', async () => {
    expect(await codecClient.workflow.getHandle(encryptedWorkflowId).result()).toEqual({
      greeting: `Hello ${marker} of Denver`,
    });
  });

  test('the stored history holds the subscriber name nowhere: input, activity input and output, and result are all ciphertext', async () => {
    const history = await plainClient.workflow.getHandle(encryptedWorkflowId).fetchHistory();
    const { protoBytes, json } = readableForms(history);

    expect(protoBytes.includes(marker)).toBe(false);
    expect(json).not.toContain(marker);
    expect(json).not.toContain('Denver');
    const encodings = payloadEncodings(history);
    // workflow input, activity input, activity result, workflow result
    expect(encodings.filter((e) => e === 'binary/encrypted').length).toBeGreaterThanOrEqual(4);
    expect(encodings.filter((e) => e !== 'binary/encrypted')).toEqual([]);
  });

  test('a client without the key cannot read the result', async () => {
    await expect(plainClient.workflow.getHandle(encryptedWorkflowId).result()).rejects.toThrow(/binary\/encrypted/);
  });

  test('control: without the codec the same input is stored in plain text, so the checks above can fail', async () => {
    const workflowId = uniqueId('codec-control');
    // No worker polls this queue: the start event with its input is all this needs.
    const handle = await plainClient.workflow.start<typeof subscriberEcho>('subscriberEcho', {
      taskQueue: uniqueId('codec-control'),
      workflowId,
      args: [{ subscriber: { name: marker, city: 'Denver' } }],
    });
    try {
      const { protoBytes, json } = readableForms(await handle.fetchHistory());
      expect(protoBytes.includes(marker)).toBe(true);
      expect(json).toContain(marker);
    } finally {
      await handle.terminate('control run done');
    }
  });

  test('a worker without the key a history was written under fails the workflow task naming the key id, and the workflow stays open', async () => {
    const taskQueue = uniqueId('codec-unknown-key');
    const handle = await codecClient.workflow.start<typeof subscriberEcho>('subscriberEcho', {
      taskQueue,
      workflowId: uniqueId('codec-unknown-key'),
      args: [{ subscriber: { name: marker, city: 'Denver' } }],
    });
    const otherKey = randomBytes(32);
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: { describeSubscriber: async () => 'unreachable' },
      dataConverter: {
        payloadCodecs: [
          new EncryptionCodec({
            activeKeyId: payloadKeyId(otherKey),
            keys: new Map([[payloadKeyId(otherKey), otherKey]]),
          }),
        ],
      },
    });
    try {
      const failure = await worker.runUntil(
        eventually(async () => {
          const events = (await handle.fetchHistory()).events ?? [];
          return (
            events.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure
              ?.message ?? undefined
          );
        }),
      );
      expect(failure).toContain(payloadKeyId(key));
      expect(failure).not.toContain(key.toString('base64'));
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await handle.terminate('test done');
    }
  });

  test('the temporal CLI shows the decrypted history through the codec endpoint, and only ciphertext without it', async () => {
    const server = await startCodecServer({ codec, apiKeys: ['operator-key'], corsOrigins: [] });
    const run = promisify(execFile);
    const cli = findTemporalCli({ provision: false });
    const show = [
      'workflow',
      'show',
      '--address',
      temporalAddress(),
      '--workflow-id',
      encryptedWorkflowId,
      '--output',
      'json',
    ];
    try {
      const decoded = await run(
        cli,
        [...show, '--codec-endpoint', `${server.url}/codec`, '--codec-auth', 'Bearer operator-key'],
        { timeout: 20_000 },
      );
      expect(cliPayloads(decoded.stdout).map((p) => p.encoding)).not.toContain('binary/encrypted');
      expect(
        cliPayloads(decoded.stdout)
          .map((p) => p.data)
          .join('\n'),
      ).toContain(marker);

      const raw = await run(cli, show, { timeout: 20_000 });
      expect(cliPayloads(raw.stdout).map((p) => p.encoding)).toContain('binary/encrypted');
      expect(
        cliPayloads(raw.stdout)
          .map((p) => p.data)
          .join('\n'),
      ).not.toContain(marker);
    } finally {
      await server.close();
    }
  });
});
