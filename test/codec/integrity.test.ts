import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { failureConverterPath, generatePayloadKey } from '../../codec/index.js';
import { bandwidthClientFromConfig } from '../../config/bandwidth-client.js';
import { loadConfig, type Config } from '../../config/index.js';
import { payloadCodecFromConfig, workerPayloadCodecFromConfig } from '../../config/payload-codec.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.js';
import { createTestRecords, testKeyring } from '../helpers/database.js';
import { createHostflowWorker } from '../../worker/create-worker.js';
import {
  connectTemporal,
  eventually,
  startWaitingRequest,
  temporalAddress,
  uniqueId,
  workflowBundle,
  type TemporalTestKit,
} from '../helpers/temporal.js';

/**
 * Integrity, not only secrecy: outside sandbox mode the worker decodes only payloads encrypted with
 * the deployment's key. Anyone who can reach Temporal — but holds no payload key — and starts a
 * hosting request with a plain client is refused: the workflow task fails, no activity is
 * scheduled, Bandwidth is never called.
 */
describe('the worker refuses unencrypted payloads outside sandbox mode', () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let config: Config;
  let kit: TemporalTestKit;
  let worker: Worker;
  let testRecords: Awaited<ReturnType<typeof createTestRecords>> | undefined;
  let run: Promise<void>;
  let taskQueue: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostflow-integrity-'));
    const oauth = { clientId: 'client', clientSecret: 'secret' };
    sandbox = await startSandbox({ port: 0, oauthClient: oauth, stepDelayMs: 50 });
    config = loadConfig(
      {
        SANDBOX: 'off',
        HOME: dir,
        DATA_DIR: dir,
        BANDWIDTH_ACCOUNT_ID: sandbox.accountId,
        BANDWIDTH_API_BASE_URL: sandbox.apiBaseUrl,
        BANDWIDTH_TOKEN_URL: sandbox.tokenUrl,
        BANDWIDTH_CLIENT_ID: oauth.clientId,
        BANDWIDTH_CLIENT_SECRET: oauth.clientSecret,
        WEBHOOK_USERNAME: 'bandwidth',
        WEBHOOK_PASSWORD: 'callback-secret',
        PUBLIC_BASE_URL: 'http://127.0.0.1:1',
        PAYLOAD_ENCRYPTION_KEY: generatePayloadKey(),
        TEMPORAL_ADDRESS: temporalAddress(),
      },
      { role: 'worker' },
    );
    kit = await connectTemporal();
    taskQueue = uniqueId('integrity');
    worker = await createHostflowWorker({
      connection: kit.nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: createActivities({
        bandwidth: bandwidthClientFromConfig(config),
        records: (testRecords = await createTestRecords(testKeyring())).records,
      }),
      workflowBundle: await workflowBundle(),
      payloadCodec: workerPayloadCodecFromConfig(config),
    });
    run = worker.run();
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await run;
    await kit?.close();
    await testRecords?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a plain start is refused, never run; the same request encrypted with the key runs', async () => {
    // Someone with cluster access and no key: the stock client, no payload codec.
    const { handle: plain } = await startWaitingRequest(kit.client, taskQueue, 'plain');
    const refused = await eventually(
      async () => {
        const events = (await plain.fetchHistory()).events ?? [];
        return events.find((e) => e.workflowTaskFailedEventAttributes);
      },
      30_000,
      'the workflow task refused',
    );
    // Failure messages are stored encrypted too: read it as an operator with the key would.
    const failure = refused.workflowTaskFailedEventAttributes!.failure!;
    const [attributes] = await payloadCodecFromConfig(config).decode([failure.encodedAttributes!]);
    const { message } = JSON.parse(Buffer.from(attributes!.data!).toString('utf8')) as { message: string };
    expect(message).toMatch(/payload is not encrypted with this deployment's payload key; refused/);

    // hostflow's own client (the API's codec) starts the same request: it runs.
    const connection = await Connection.connect({ address: temporalAddress() });
    try {
      const hostflow = new Client({
        connection,
        dataConverter: { payloadCodecs: [payloadCodecFromConfig(config)], failureConverterPath },
      });
      const { handle: encrypted } = await startWaitingRequest(hostflow, taskQueue, 'encrypted');
      // It runs: its importability check reaches Bandwidth and completes.
      await eventually(
        async () => {
          const events = (await encrypted.fetchHistory()).events ?? [];
          return events.some((e) => e.activityTaskCompletedEventAttributes) ? true : undefined;
        },
        30_000,
        'the encrypted request to run an activity',
      );
      await encrypted.terminate('test over');
    } finally {
      await connection.close();
    }

    // The plain one never got further than its first workflow task: nothing scheduled, still refused.
    const events = (await plain.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect((await plain.describe()).status.name).toBe('RUNNING');
    await plain.terminate('refused payload');
  });

  test('in sandbox mode (local development) plaintext histories still decode', async () => {
    const sandboxConfig = loadConfig({ DATA_DIR: dir, HOME: dir });
    const codec = workerPayloadCodecFromConfig(sandboxConfig);
    const plain = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') };
    expect(await codec.decode([plain])).toEqual([plain]);
  });
});
