import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { startApi } from '../api/server.js';
import { authModeOf, bandwidthClientFromConfig } from '../config/bandwidth-client.js';
import { loadConfig } from '../config/index.js';
import { workerPayloadCodecFromConfig } from '../config/payload-codec.js';
import { openRecordsFromConfig } from '../config/records.js';
import { checkTemporalConnection, TemporalConnectionError } from '../config/temporal-connection-check.js';
import { nativeConnectionOptions } from '../config/temporal-connection.js';
import { describeDatabaseUrl } from '../records/database.js';
import { startSandbox } from '../sandbox/index.js';
import { ensureBandwidthSubscriptions } from '../worker/bandwidth-subscriptions.js';
import { recordKeeperFromConfig } from '../worker/record-keeper.js';
import { createHostflowWorker, tuningFromConfig } from '../worker/create-worker.js';
import { installRuntime } from '../worker/runtime.js';
import { freePort, startDevServer, waitForTemporal, type DevServer } from './dev-server.js';
import { runMain } from './run-main.js';

/**
 * `npm start`: the whole stack in one process tree — a Temporal dev server with its Web UI (state
 * under DATA_DIR), the Bandwidth sandbox unless real credentials are set, the worker and the API.
 */
runMain('start', async (log) => {
  const config = loadConfig();
  await mkdir(config.dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping');
    for (const stop of stops.reverse()) {
      await stop().catch((error: Error) =>
        log.warn({ err: { name: error.name, message: error.message } }, 'stop failed'),
      );
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    // 1. Temporal: the embedded dev server at TEMPORAL_ADDRESS, unless a server already answers there.
    // A TLS or API-key endpoint is always someone else's (a dev server speaks plaintext): it must answer.
    let devServer: DevServer | undefined;
    const { connection: temporalConnection } = config.temporal;
    let external: boolean;
    if (temporalConnection.secured) {
      const check = await checkTemporalConnection(temporalConnection, { timeoutMs: 10_000 });
      if (!check.reachable) throw new TemporalConnectionError(check.message);
      external = true;
    } else {
      external = await waitForTemporal(config.temporal.address, 1_500).then(
        () => true,
        () => false,
      );
    }
    if (!external) {
      const [ip, port] = config.temporal.address.replace(/^localhost:/, '127.0.0.1:').split(':');
      devServer = await startDevServer({
        ip,
        port: Number(port),
        uiPort: config.temporal.uiPort,
        dbFilename: join(config.dataDir, 'temporal.db'),
        namespace: config.temporal.namespace,
        retentionMs: config.temporal.retentionMs,
        output: createWriteStream(join(config.dataDir, 'temporal.log'), { flags: 'a' }),
        // The Web UI decodes encrypted payloads through hostflow's codec endpoint.
        extraArgs: ['--ui-codec-endpoint', `${config.publicBaseUrl}/codec`],
      });
      stops.push(() => devServer!.stop());
    }

    // 2. The Bandwidth sandbox, in sandbox mode.
    if (config.sandbox.enabled) {
      const sandbox = await startSandbox({
        port: config.sandbox.port,
        host: '127.0.0.1',
        accountId: config.bandwidth.accountId,
        credentials: config.bandwidth.basic,
        stateFile: join(config.dataDir, 'sandbox-state.json'),
      });
      stops.push(() => sandbox.close());
    }

    // 3. hostflow's record: DATABASE_URL, or a real PostgreSQL kept under DATA_DIR.
    const opened = await openRecordsFromConfig(config, { embedded: true, process: 'npm start', log });
    stops.push(() => opened.close());

    // 4. The worker (its runtime's metrics join the API's /metrics).
    const workerMetricsPort = config.workerMetricsPort ?? (await freePort());
    installRuntime(log, { metricsBindAddress: workerMetricsPort ? `127.0.0.1:${workerMetricsPort}` : undefined });
    const bandwidth = bandwidthClientFromConfig(config);
    const connection = await NativeConnection.connect(nativeConnectionOptions(temporalConnection));
    const worker = await createHostflowWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities({ bandwidth, records: opened.records }),
      tuning: tuningFromConfig(config),
      bundleCacheDir: join(config.dataDir, 'cache'),
      payloadCodec: workerPayloadCodecFromConfig(config),
      shutdownGraceTime: config.workerShutdownGraceMs,
    });
    const workerRun = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await connection.close();
    });

    const keeper = recordKeeperFromConfig(config, connection, opened.records, log);
    stops.push(() => keeper.stop());

    // 5. The API, and (the worker's part) Bandwidth's subscriptions pointed at its webhook.
    const api = await startApi(config, log, {
      records: opened.records,
      workerMetricsUrl: workerMetricsPort ? `http://127.0.0.1:${workerMetricsPort}/metrics` : undefined,
    });
    stops.push(() => api.close());
    if (config.ensureSubscription)
      await ensureBandwidthSubscriptions({
        bandwidth,
        publicBaseUrl: config.publicBaseUrl,
        credentials: config.webhook,
        logger: log,
      }).catch((error: Error) =>
        log.warn(
          { err: { name: error.name, message: error.message } },
          'could not ensure the Bandwidth subscriptions; orders will be found by polling',
        ),
      );

    const lines = [
      '',
      `hostflow is running — ${config.sandbox.enabled ? 'SANDBOX mode (no Bandwidth credentials configured)' : `real Bandwidth, account ${config.bandwidth.accountId}, ${authModeOf(config)} auth`}`,
      `  HTTP API         ${api.url}${config.apiKeys.length ? '  (API keys required)' : '  (open: loopback sandbox mode)'}`,
      `  Webhook          ${config.publicBaseUrl}/webhooks/bandwidth/orders`,
      `  Temporal         ${config.temporal.address}  namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}${devServer ? ' (embedded dev server)' : ` (already running${temporalConnection.secured ? ', secured' : ''})`}`,
      ...(devServer?.uiUrl ? [`  Temporal Web UI  ${devServer.uiUrl}`] : []),
      ...(config.sandbox.enabled
        ? [`  Sandbox          http://127.0.0.1:${config.sandbox.port}  (orders: /_sandbox/orders)`]
        : []),
      `  Records          ${opened.embedded ? `PostgreSQL under ${config.dataDir}/postgres (embedded)` : describeDatabaseUrl(opened.url)}`,
      `  Data             ${config.dataDir}`,
      'Ctrl-C stops everything.',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    await workerRun.catch((error: Error) => {
      log.error({ err: { name: error.name, message: error.message } }, 'worker stopped');
      return stopAll(1);
    });
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
});
