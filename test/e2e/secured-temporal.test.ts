import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { generatePayloadKey } from '../../codec/index.js';
import { freePort } from '../../scripts/dev-server.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.js';
import type { HostingRequestView } from '../../workflows/types.js';
import {
  createTestPki,
  nginxPath,
  startGrpcTlsProxy,
  type GrpcTlsProxy,
  type TestPki,
} from '../helpers/grpc-tls-proxy.js';
import { spawnEntryProcess, waitUntilPolling, type WorkerProcess } from '../helpers/processes.js';
import { hostingRequestBody } from '../helpers/stack.js';
import { eventually, freshNumbers, temporalAddress, uniqueId } from '../helpers/temporal.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * hostflow against a secured Temporal, as against Temporal Cloud or a TLS cluster: a real nginx
 * terminates TLS in front of the dev server, checks the API key (or a client certificate), and
 * the worker and the API — real processes, `npm run worker` and `npm run api` — connect through it
 * with nothing but the SDK's environment variables. Production mode throughout: no sandbox mode,
 * Bandwidth is the sandbox reached as a real Bandwidth, the API holds no Bandwidth credentials.
 */
const nginx = nginxPath();
if (!nginx && process.env.CI) throw new Error('nginx is needed for the secured-Temporal test: apt-get install nginx');
const suite = nginx ? describe : describe.skip;
if (!nginx) console.warn('secured-Temporal test skipped: no nginx (apt-get install nginx, or set NGINX_PATH)');

const API_KEY = `temporal-key-${randomBytes(8).toString('hex')}`;
const HOSTFLOW_API_KEY = 'hostflow-api-key';

suite('a secured Temporal endpoint (TLS + API key, mTLS) in front of the dev server', () => {
  let dir: string;
  let pki: TestPki;
  let keyProxy: GrpcTlsProxy;
  let mtlsProxy: GrpcTlsProxy;
  let sandbox: RunningSandbox;
  let database: TestDatabase;
  let direct: Connection;
  const started: WorkerProcess[] = [];
  const payloadKey = generatePayloadKey();
  const oauth = { clientId: 'hostflow-client', clientSecret: randomBytes(12).toString('base64url') };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostflow-secured-'));
    pki = await createTestPki(join(dir, 'pki'));
    [keyProxy, mtlsProxy] = await Promise.all([
      startGrpcTlsProxy({
        nginx: nginx!,
        pki,
        upstream: temporalAddress(),
        apiKey: API_KEY,
        dir: join(dir, 'nginx-key'),
      }),
      startGrpcTlsProxy({
        nginx: nginx!,
        pki,
        upstream: temporalAddress(),
        requireClientCert: true,
        dir: join(dir, 'nginx-mtls'),
      }),
    ]);
    sandbox = await startSandbox({ port: 0, oauthClient: oauth, stepDelayMs: 100 });
    database = await createTestDatabase();
    // The harness's own view of Temporal (which workers poll), straight at the dev server.
    direct = await Connection.connect({ address: temporalAddress() });
  }, 60_000);

  afterAll(async () => {
    for (const process of started) await process.stop(10_000).catch(() => undefined);
    await direct?.close();
    await sandbox?.close();
    await database?.drop();
    await keyProxy?.stop();
    await mtlsProxy?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A production deployment's environment: one for both processes, each given only what it needs. */
  const environment = (temporal: Record<string, string>, apiPort: number, taskQueue: string) => {
    const common: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      // No operator's temporal.toml: only what is set here.
      HOME: dir,
      ...temporal,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SANDBOX: 'off',
      DATA_DIR: join(dir, 'data'),
      DATABASE_URL: database.url,
      PAYLOAD_ENCRYPTION_KEY: payloadKey,
      WEBHOOK_USERNAME: 'bandwidth',
      WEBHOOK_PASSWORD: 'callback-secret',
      PORT: String(apiPort),
      ORDER_POLL_INITIAL_INTERVAL: '1s',
      ORDER_POLL_MAX_INTERVAL: '2s',
      LOA_WAIT: '0',
      LOG_LEVEL: 'warn',
      WORKER_METRICS_PORT: '0',
    };
    return {
      api: { ...common, API_KEYS: HOSTFLOW_API_KEY },
      worker: {
        ...common,
        BANDWIDTH_ACCOUNT_ID: sandbox.accountId,
        BANDWIDTH_API_BASE_URL: sandbox.apiBaseUrl,
        BANDWIDTH_TOKEN_URL: sandbox.tokenUrl,
        BANDWIDTH_CLIENT_ID: oauth.clientId,
        BANDWIDTH_CLIENT_SECRET: oauth.clientSecret,
        // Bandwidth is a local imitation here, so a loopback webhook is allowed.
        PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      },
    };
  };

  const spawn = (entry: 'api/main.ts' | 'worker/main.ts', env: Record<string, string>) => {
    const child = spawnEntryProcess(entry, { env });
    started.push(child);
    return child;
  };

  /** Runs one request through an API and a worker started with these Temporal settings, to its end. */
  async function serveOneRequest(temporal: Record<string, string>): Promise<HostingRequestView> {
    const apiPort = await freePort();
    const taskQueue = uniqueId('secured');
    const env = environment(temporal, apiPort, taskQueue);
    const api = spawn('api/main.ts', env.api);
    const worker = spawn('worker/main.ts', env.worker);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await eventually(
      async () => {
        if (api.outputTail().includes('hostflow api:')) throw new Error(api.outputTail());
        return (await fetch(`${apiUrl}/readyz`)).status === 200 ? true : undefined;
      },
      60_000,
      'the API ready through the secured endpoint',
    );
    await waitUntilPolling({ connection: direct, taskQueue, worker, timeoutMs: 90_000 });

    const id = uniqueId('tls');
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${HOSTFLOW_API_KEY}` };
    const created = await fetch(`${apiUrl}/v1/hosting-requests`, {
      method: 'POST',
      headers,
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(1) })),
    });
    expect(created.status).toBe(202);
    const view = await eventually(
      async () => {
        const answer = (await (
          await fetch(`${apiUrl}/v1/hosting-requests/${id}`, { headers })
        ).json()) as HostingRequestView;
        return ['COMPLETE', 'PARTIAL', 'FAILED', 'NOTHING_IMPORTABLE'].includes(answer.status) ? answer : undefined;
      },
      60_000,
      `${id} to end`,
    );
    // The worker (the only holder of Bandwidth credentials) ensured the subscription at startup:
    // Bandwidth called this API's webhook, and the API, holding none, took the notification.
    const webhook = `${apiUrl}/webhooks/bandwidth/orders`;
    const orderId = view.orderId;
    const delivered = await eventually(
      async () =>
        sandbox.sandbox.notifications().find((n) => n.url === webhook && n.orderId === orderId && n.delivered),
      10_000,
      'the order notification delivered to the webhook',
    );
    expect(delivered.attempts.at(-1)).toMatchObject({ withCredentials: true, httpStatus: 200 });
    await Promise.all([api.stop(), worker.stop()]);
    return view;
  }

  /** Starts an entry point that must refuse to start; resolves with its exit code and its stderr lines. */
  async function refusal(entry: 'api/main.ts' | 'worker/main.ts', temporal: Record<string, string>) {
    const apiPort = await freePort();
    const env = environment(temporal, apiPort, uniqueId('refused'));
    const lines: string[] = [];
    const child = spawnEntryProcess(entry, {
      env: entry === 'api/main.ts' ? env.api : env.worker,
      onLine: (line) => lines.push(line),
    });
    started.push(child);
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      child.exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${entry} did not stop:\n${child.outputTail()}`)), 45_000);
      }),
    ]).finally(() => clearTimeout(timer));
    // Only hostflow's one line: no stack, no JSON log lines about it. (Node's own deprecation
    // notice when grpc-js sends an IP address as the TLS server name is Node's, not hostflow's.)
    const nodeNotice = /^\(node:\d+\) \[DEP0123\]|^\(Use `node --trace-deprecation/;
    return { code: exit.code, lines: lines.filter((line) => line.trim() !== '' && !nodeNotice.test(line)) };
  }

  const tls = () => ({
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
    TEMPORAL_TLS_SERVER_NAME: pki.serverName,
  });

  test('worker and API over TLS with an API key: a request ends COMPLETE', async () => {
    const view = await serveOneRequest({ TEMPORAL_ADDRESS: keyProxy.address, TEMPORAL_API_KEY: API_KEY, ...tls() });
    expect(view.status).toBe('COMPLETE');
    expect(view.numbers.map((n) => n.status)).toEqual(['HOSTED']);
  }, 180_000);

  test('worker and API over mTLS (the proxy requires a client certificate): a request ends COMPLETE', async () => {
    const view = await serveOneRequest({
      TEMPORAL_ADDRESS: mtlsProxy.address,
      ...tls(),
      TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
    });
    expect(view.status).toBe('COMPLETE');
  }, 180_000);

  test.each([
    [
      'a wrong API key',
      () => ({ TEMPORAL_ADDRESS: keyProxy.address, TEMPORAL_API_KEY: 'not-the-key', ...tls() }),
      /refused the connection \(Request unauthorized\): the API key was not accepted: check TEMPORAL_API_KEY$/,
    ],
    [
      'an untrusted CA',
      () => ({
        TEMPORAL_ADDRESS: keyProxy.address,
        TEMPORAL_API_KEY: API_KEY,
        ...tls(),
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.otherCaCert,
      }),
      /refused the connection: the server's certificate is not signed by a CA this process trusts \(TEMPORAL_TLS_SERVER_CA_CERT_PATH\)$/,
    ],
    [
      'a server name the certificate does not hold',
      () => ({
        TEMPORAL_ADDRESS: keyProxy.address,
        TEMPORAL_API_KEY: API_KEY,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
      }),
      /the server's certificate is not valid for the name 127\.0\.0\.1: set TEMPORAL_TLS_SERVER_NAME to a name it holds$/,
    ],
    [
      'no client certificate where the proxy requires one',
      () => ({ TEMPORAL_ADDRESS: mtlsProxy.address, ...tls() }),
      /refused the connection \(client certificate required\): it needs credentials/,
    ],
  ])(
    '%s: the worker and the API each stop with one clear line and a non-zero exit',
    async (_what, temporal, line) => {
      const [worker, api] = await Promise.all([
        refusal('worker/main.ts', temporal()),
        refusal('api/main.ts', temporal()),
      ]);
      for (const [name, result] of [
        ['worker', worker],
        ['api', api],
      ] as const) {
        expect(result.code).toBe(1);
        expect(result.lines).toEqual([
          expect.stringMatching(
            new RegExp(
              `^hostflow ${name}: TemporalConnectionError: Temporal at ${keyProxy.address.split(':')[0]}:\\d+ `,
            ),
          ),
        ]);
        expect(result.lines[0]).toMatch(line);
        expect(result.lines.join('\n')).not.toContain(API_KEY);
      }
    },
    90_000,
  );
});
