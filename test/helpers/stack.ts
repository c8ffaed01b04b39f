import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { EncryptionCodec, generatePayloadKey, loadPayloadKeys } from '../../codec/index.js';
import { createApp } from '../../api/app.js';
import { createTemporalGateway } from '../../api/temporal-gateway.js';
import { ensureBandwidthSubscriptions } from '../../worker/bandwidth-subscriptions.js';
import {
  basicAuth,
  createBandwidthClient,
  oauth2ClientCredentials,
  type BandwidthClient,
} from '../../bandwidth/index.js';
import { createLogger } from '../../logging/logger.js';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../sandbox/index.js';
import { createRecords, migrate, openDatabase, type Records } from '../../records/index.js';
import type { PayloadKeyring } from '../../codec/encryption-codec.js';
import { createTestRecords } from './database.js';
import { createHostflowWorker } from '../../worker/create-worker.js';
import type { HostingRequestView, OrderWaitOptions } from '../../workflows/types.js';
import {
  connectTemporal,
  eventually,
  freshNumbers,
  uniqueId,
  workflowBundle,
  type TemporalTestKit,
} from './temporal.js';

export interface StackOptions {
  apiKeys?: string[];
  /** Subscribe the webhook with the sandbox (the notification fast path); on by default. */
  subscribe?: boolean;
  orderWait?: Partial<OrderWaitOptions>;
  stepDelayMs?: number;
  maxNumbersPerOrder?: number;
  /** More options for the sandbox: its dialect, its OAuth2 client and token lifetime, … */
  sandboxOptions?: Omit<StartSandboxOptions, 'port' | 'credentials' | 'stepDelayMs'>;
  /**
   * How the client authenticates: legacy Basic (the default) or OAuth2 client credentials at the
   * sandbox's token endpoint, as the sandbox's OAuth2 client (`sandboxOptions.oauthClient`).
   */
  auth?: 'basic' | 'oauth2';
  /** Encrypt payloads like production (default); off for recording replay histories in the clear. */
  encrypt?: boolean;
  /** A database of the test's own (migrated here) instead of a fresh copy on the suite's server. */
  databaseUrl?: string;
}

export interface TestStack {
  apiUrl: string;
  sandbox: RunningSandbox;
  bandwidth: BandwidthClient;
  temporal: TemporalTestKit;
  taskQueue: string;
  /** The stack's own database (a fresh one per stack). */
  records: Records;
  /** Stores an LOA document for `requestId`, as the API does, and gives the reference a workflow carries. */
  storeLoa(
    requestId: string,
    data: Uint8Array,
    filename?: string,
  ): Promise<{ key: string; contentType: string; filename: string; bytes: number }>;
  webhook: { username: string; password: string };
  orderWait: OrderWaitOptions;
  worker: Worker;
  payloadCodec: EncryptionCodec;
  /** The stack's payload keys (the codec's, and what seals LOA files and inputs in the record). */
  keyring: PayloadKeyring;
  /** Calls the API with its JSON content type (and the first API key, if any). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Polls GET /v1/hosting-requests/{id} until `until` holds for the view. */
  waitFor(id: string, until: (view: HostingRequestView) => boolean, timeoutMs?: number): Promise<HostingRequestView>;
  stop(): Promise<void>;
}

export const SANDBOX_CREDENTIALS = { username: 'test-user', password: 'test-password' };
const silent = createLogger({ name: 'test', level: 'silent' });

/**
 * Every real part of hostflow in one process: the sandbox over HTTP, a worker on its own task
 * queue against the shared dev server, and the API listening on a free port.
 */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hostflow-test-'));
  const sandbox = await startSandbox({
    ...options.sandboxOptions,
    port: 0,
    credentials: SANDBOX_CREDENTIALS,
    stepDelayMs: options.stepDelayMs ?? 50,
  });
  // The sandbox's own default OAuth2 client is sandbox/sandbox.
  const oauthClient = options.sandboxOptions?.oauthClient ?? { clientId: 'sandbox', clientSecret: 'sandbox' };
  const auth =
    options.auth === 'oauth2'
      ? oauth2ClientCredentials({
          tokenUrl: sandbox.tokenUrl,
          clientId: oauthClient.clientId,
          clientSecret: oauthClient.clientSecret,
        })
      : basicAuth(SANDBOX_CREDENTIALS);
  const bandwidth = createBandwidthClient({
    baseUrl: sandbox.apiBaseUrl,
    accountId: sandbox.accountId,
    auth,
    timeoutMs: 5_000,
  });
  // Encrypted like production: a fresh key per stack.
  const keyring = loadPayloadKeys({ value: generatePayloadKey(), dataDir, sandbox: false });
  const payloadCodec = new EncryptionCodec(keyring);
  const testRecords = options.databaseUrl
    ? await ownDatabase(options.databaseUrl, keyring)
    : await createTestRecords(keyring);
  const { records } = testRecords;
  const encrypt = options.encrypt !== false;
  const temporal = await connectTemporal({ payloadCodec: encrypt ? payloadCodec : undefined });
  const taskQueue = uniqueId('hostflow-test');
  const worker = await createHostflowWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: createActivities({ bandwidth, records }),
    workflowBundle: await workflowBundle(),
    payloadCodec: encrypt ? payloadCodec : undefined,
  });
  const workerRun = worker.run();
  const webhook = { username: 'bandwidth', password: 'callback-secret' };
  const orderWait: OrderWaitOptions = {
    pollInitialIntervalMs: 60_000,
    pollMaxIntervalMs: 300_000,
    ...options.orderWait,
  };
  const app = createApp({
    gateway: createTemporalGateway({ client: temporal.client, taskQueue }),
    records,
    keyring,
    logger: silent,
    codec: { codec: payloadCodec, corsOrigins: ['http://127.0.0.1:8233'] },
    config: { apiKeys: options.apiKeys ?? [], webhook, orderWait, maxNumbersPerOrder: options.maxNumbersPerOrder },
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.subscribe !== false) {
    await ensureBandwidthSubscriptions({ bandwidth, publicBaseUrl: apiUrl, credentials: webhook, logger: silent });
  }
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(options.apiKeys?.[0] ? { authorization: `Bearer ${options.apiKeys[0]}` } : {}),
        ...init.headers,
      },
    });
  const waitFor = (id: string, until: (view: HostingRequestView) => boolean, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const response = await api(`/v1/hosting-requests/${encodeURIComponent(id)}`);
        if (response.status !== 200) return undefined;
        const view = (await response.json()) as HostingRequestView;
        return until(view) ? view : undefined;
      },
      timeoutMs,
      `request ${id}`,
    );
  return {
    apiUrl,
    api,
    waitFor,
    sandbox,
    bandwidth,
    temporal,
    taskQueue,
    records,
    storeLoa: async (requestId, data, filename = 'loa.pdf') => ({
      key: await records.loas.put({ requestId, contentType: 'application/pdf', filename, data }),
      contentType: 'application/pdf',
      filename,
      bytes: data.length,
    }),
    webhook,
    orderWait,
    worker,
    payloadCodec,
    keyring,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await sandbox.close();
      await temporal.close();
      await testRecords.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function ownDatabase(
  url: string,
  keyring: PayloadKeyring,
): Promise<{ records: Records; close(): Promise<void> }> {
  const db = await openDatabase(url);
  await migrate(db);
  return { records: createRecords(db, keyring), close: () => db.end() };
}

/** A valid create body, as the contract's example (with fresh numbers unless given). */
export function hostingRequestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    // Numbers no other request holds: the record refuses a number pending elsewhere or hosted.
    telephoneNumbers: freshNumbers(2),
    siteId: '14413',
    sipPeerId: '521952',
    subscriber: {
      name: 'ABC Inc.',
      serviceAddress: {
        houseNumber: '11235',
        streetName: 'Back',
        city: 'Denver',
        stateCode: 'CO',
        zip: '27541',
        county: 'Canyon',
      },
    },
    loaAuthorizingPerson: 'Mark Macchioni',
    ...overrides,
  };
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n%%EOF\n');
