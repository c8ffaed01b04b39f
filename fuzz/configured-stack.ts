import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { startApi } from '../api/server.js';
import { ensureBandwidthSubscriptions } from '../worker/bandwidth-subscriptions.js';
import { bandwidthClientFromConfig } from '../config/bandwidth-client.js';
import { loadConfig, type Config } from '../config/index.js';
import { payloadCodecFromConfig } from '../config/payload-codec.js';
import { createLogger } from '../logging/logger.js';
import { freePort, startDevServer, type DevServer } from '../scripts/dev-server.js';
import { startSandbox } from '../sandbox/index.js';
import { openRecordsFromConfig } from '../config/records.js';
import { createTestDatabase } from '../test/helpers/database.js';
import { createHostflowWorker } from '../worker/create-worker.js';
import { installRuntime } from '../worker/runtime.js';

/** Every secret the stack is configured with; random unless given, so a scan knows what to look for. */
export interface StackSecrets {
  apiKey: string;
  webhook: { username: string; password: string };
  /** The sandbox's legacy Basic credentials (what BANDWIDTH_USERNAME/PASSWORD would be). */
  sandboxBasic: { username: string; password: string };
  /** The sandbox's OAuth2 client (what BANDWIDTH_CLIENT_ID/SECRET would be). */
  oauthClient: { clientId: string; clientSecret: string };
  /** PAYLOAD_ENCRYPTION_KEY, base64 of 32 bytes. */
  payloadKey: string;
}

export interface ConfiguredStackOptions {
  /** A running Temporal frontend (host:port); a headless in-memory dev server is started when absent. */
  temporalAddress?: string;
  /** How the worker authenticates to the sandbox: legacy Basic (default) or OAuth2 client credentials. */
  bandwidthAuth?: 'basic' | 'oauth2';
  secrets?: Partial<StackSecrets>;
  /** Level of the API/worker logger and the sandbox's own lines; all are kept in memory. Default warn. */
  logLevel?: 'debug' | 'info' | 'warn';
  /** Extra environment for loadConfig (e.g. LOA_WAIT). */
  env?: Record<string, string>;
  /** Run the worker (default); without it requests start but never move, which HTTP-only checks do not need. */
  withWorker?: boolean;
}

export interface ConfiguredStack {
  apiUrl: string;
  sandboxUrl: string;
  temporalAddress: string;
  config: Config;
  secrets: StackSecrets;
  /** Every log line written so far (API, worker, SDK, sandbox), exactly as written. */
  logLines(): string[];
  /** The lines at error level or above, parsed: a 5xx leaves an "unhandled error" line. */
  errorLines(): Array<Record<string, unknown>>;
  /**
   * Whether the Temporal runtime's logs (SDK, workflow and activity loggers) come to this stack's
   * logger; false when the process had installed a runtime before.
   */
  runtimeLogsCaptured: boolean;
  stop(): Promise<void>;
}

function randomSecrets(): StackSecrets {
  const token = (bytes: number) => randomBytes(bytes).toString('hex');
  return {
    apiKey: `key-${token(12)}`,
    webhook: { username: `hook-${token(4)}`, password: token(12) },
    sandboxBasic: { username: `bw-${token(4)}`, password: token(12) },
    oauthClient: { clientId: `client-${token(4)}`, clientSecret: token(16) },
    payloadKey: randomBytes(32).toString('base64'),
  };
}

/**
 * The whole hostflow stack composed as `npm start` composes it — Temporal, the Bandwidth sandbox
 * over HTTP, the worker and the API (startApi) — configured through `loadConfig` from an
 * environment like production's, with an API key, webhook credentials and payload encryption
 * set. The schema fuzzer and the security suite meet the real authentication, validation,
 * logging and encryption this way.
 */
export async function startConfiguredStack(options: ConfiguredStackOptions = {}): Promise<ConfiguredStack> {
  const secrets: StackSecrets = { ...randomSecrets(), ...options.secrets };
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    let devServer: DevServer | undefined;
    if (!options.temporalAddress) {
      devServer = await startDevServer({ uiPort: false });
      stops.push(() => devServer!.stop());
    }
    const temporalAddress = options.temporalAddress ?? devServer!.address;
    const dataDir = await mkdtemp(join(tmpdir(), 'hostflow-stack-'));
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    const oauth = options.bandwidthAuth === 'oauth2';
    const logLevel = options.logLevel ?? 'warn';
    const config = loadConfig({
      SANDBOX: 'on',
      SANDBOX_PORT: String(await freePort()),
      ...(oauth
        ? {
            BANDWIDTH_CLIENT_ID: secrets.oauthClient.clientId,
            BANDWIDTH_CLIENT_SECRET: secrets.oauthClient.clientSecret,
          }
        : { SANDBOX_USERNAME: secrets.sandboxBasic.username, SANDBOX_PASSWORD: secrets.sandboxBasic.password }),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      API_KEYS: secrets.apiKey,
      WEBHOOK_USERNAME: secrets.webhook.username,
      WEBHOOK_PASSWORD: secrets.webhook.password,
      PAYLOAD_ENCRYPTION_KEY: secrets.payloadKey,
      TEMPORAL_ADDRESS: temporalAddress,
      // Its own task queue, so a shared server's other workers never pick these requests up.
      TEMPORAL_TASK_QUEUE: `hostflow-stack-${randomBytes(4).toString('hex')}`,
      BANDWIDTH_SITE_ID: '14413',
      DATA_DIR: dataDir,
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: logLevel,
      ...options.env,
    });

    // Under jest, a fresh database on the suite's PostgreSQL; alone (npm run test:fuzz), an embedded one.
    if (!config.databaseUrl && process.env.HOSTFLOW_TEST_DATABASE_URL) {
      const database = await createTestDatabase();
      stops.push(() => database.drop());
      config.databaseUrl = database.url;
    } else if (!config.databaseUrl) {
      await chmod(dataDir, 0o755);
    }
    const opened = await openRecordsFromConfig(config, { embedded: true, process: 'the configured stack' });
    stops.push(() => opened.close());

    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
        done();
      },
    });
    const logger = createLogger({ name: 'hostflow', level: logLevel, destination });

    const sandbox = await startSandbox({
      port: config.sandbox.port,
      host: '127.0.0.1',
      accountId: config.bandwidth.accountId,
      credentials: secrets.sandboxBasic,
      oauthClient: secrets.oauthClient,
      stepDelayMs: 50,
      logger: (line) => lines.push(`sandbox: ${line}`),
    });
    stops.push(() => sandbox.close());

    let runtimeLogsCaptured = true;
    try {
      installRuntime(logger);
    } catch {
      // A runtime is installed once per process; a test process may already have one.
      runtimeLogsCaptured = false;
    }
    const bandwidth = bandwidthClientFromConfig(config);
    if (options.withWorker !== false) {
      const connection = await NativeConnection.connect({ address: temporalAddress });
      stops.push(() => connection.close());
      const worker = await createHostflowWorker({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        activities: createActivities({ bandwidth, records: opened.records }),
        // The API's client (startApi) encrypts with the same keys; neither could read the other's payloads otherwise.
        payloadCodec: payloadCodecFromConfig(config),
      });
      const workerRun = worker.run();
      stops.push(async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await workerRun;
      });
    }

    const api = await startApi(config, logger, { records: opened.records });
    stops.push(() => api.close());
    await ensureBandwidthSubscriptions({ bandwidth, publicBaseUrl: api.url, credentials: config.webhook, logger });

    return {
      apiUrl: api.url,
      sandboxUrl: sandbox.url,
      temporalAddress,
      config,
      secrets,
      runtimeLogsCaptured,
      logLines: () => [...lines],
      errorLines: () =>
        lines
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => typeof line.level === 'number' && line.level >= 50),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
