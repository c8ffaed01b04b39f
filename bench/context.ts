import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { startEmbeddedPostgres } from '../records/embedded-postgres.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { ConfigError } from '../config/index.js';
import {
  clientConnectionOptions,
  nativeConnectionOptions,
  readTemporalConnection,
  TEMPORAL_CONNECTION_VARIABLES,
} from '../config/temporal-connection.js';
import { freePort, startDevServer, type DevServer } from '../scripts/dev-server.js';
import { workflowBundleFor } from '../worker/workflow-bundle.js';
import { bareWorkflowsPath } from './baseline/worker.js';
import { hostflowConfig } from './hostflow-stack.js';
import type { BenchMode, BenchSizes } from './modes.js';
import { numberSource, runTag } from './request-body.js';
import { startSandboxChild, type SandboxChild } from './sandbox-child.js';
import { workerTuning } from './worker-settings.js';

/** What every part of the benchmark shares: one dev server, one sandbox, the bundles, the clients. */
export interface BenchContext {
  mode: BenchMode;
  sizes: BenchSizes;
  temporalAddress: string;
  /**
   * The Temporal connection variables every hostflow part of the run gets: a given server's
   * TLS / API key settings from this environment, or all of them blanked for a dedicated
   * (plaintext) dev server, so an operator's TEMPORAL_API_KEY does not leak into it.
   */
  temporalEnv: Record<string, string>;
  /** True when the harness started the dev server itself (dedicated to this run). */
  dedicatedServer: boolean;
  /** The dedicated dev server's Prometheus endpoint (absent for a given server). */
  serverMetricsUrl?: string;
  /** The processes whose CPU the harness accounts (JSON keys): the dev server when dedicated, this one, the sandbox. */
  pids: { temporal_server?: number; harness_process: number; sandbox: number; postgres?: number };
  client: Client;
  nativeConnection: NativeConnection;
  sandbox: SandboxChild;
  /**
   * hostflow's bundle comes from the project's own bundle cache under DATA_DIR (as every worker
   * start after a version's first reads it; worker/main.ts then finds it there too); the bare
   * workflows are bundled here.
   */
  bundles: { hostflow: { code: string }; bare: { code: string } };
  dataDir: string;
  /** hostflow's PostgreSQL for the run: an embedded server, like `npm start`'s. */
  databaseUrl: string;
  /** Unique per run: request ids and task queues carry it. */
  tag: string;
  numbers: (count: number) => string[];
  /** The worker tuning hostflow's configuration gives (worker/main.ts's), used by both sides. */
  tuning: Tuning;
  progress(line: string): void;
}

type Tuning = ReturnType<typeof workerTuning>;

/**
 * A dedicated dev server with its Prometheus endpoint. Ports are picked free and then bound by the
 * server a moment later; on a busy machine another process can take one in between, so a server
 * that dies at start is tried again on new ports.
 */
async function startBenchDevServer(): Promise<{ server: DevServer; metricsPort: number }> {
  for (let attempt = 1; ; attempt++) {
    const metricsPort = await freePort();
    try {
      return {
        server: await startDevServer({ uiPort: false, extraArgs: ['--metrics-port', String(metricsPort)] }),
        metricsPort,
      };
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** See BenchContext.temporalEnv. */
function benchTemporalEnv(givenServer: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of TEMPORAL_CONNECTION_VARIABLES) {
    if (name === 'TEMPORAL_ADDRESS' || name === 'TEMPORAL_NAMESPACE') continue;
    const value = process.env[name];
    if (givenServer && value) env[name] = value;
    else if (!givenServer) env[name] = '';
  }
  return env;
}

const quietBundler = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

export async function openContext(options: {
  mode: BenchMode;
  sizes: BenchSizes;
  temporalAddress?: string;
  progress(line: string): void;
}): Promise<{ context: BenchContext; close(): Promise<void> }> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    // Worker warnings only: the SDK's info lines would drown the progress output.
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed already (a test process)
    }
    let server: DevServer | undefined;
    let metricsPort: number | undefined;
    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      options.progress('starting a dedicated Temporal dev server (headless, in memory)');
      ({ server, metricsPort } = await startBenchDevServer());
      closers.push(() => server!.stop());
      temporalAddress = server.address;
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'hostflow-bench-'));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    options.progress('starting the Bandwidth sandbox (own process) and bundling both workflow sets');
    const [sandbox, hostflow, bare] = await Promise.all([
      startSandboxChild(),
      workflowBundleFor(join(dataDir, 'cache')),
      bundleWorkflowCode({ workflowsPath: bareWorkflowsPath, logger: quietBundler }),
    ]);
    closers.push(() => sandbox.stop());
    // PostgreSQL refuses to run as root; as root it runs as `postgres`, which must reach the folder.
    await chmod(dataDir, 0o755);
    const database = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres') });
    closers.push(() => database.stop());
    const temporalEnv = benchTemporalEnv(server === undefined);
    const problems: string[] = [];
    const temporalConnection = readTemporalConnection({ ...temporalEnv, TEMPORAL_ADDRESS: temporalAddress }, problems);
    if (problems.length > 0) throw new ConfigError(problems);
    const connection = await Connection.connect(clientConnectionOptions(temporalConnection));
    closers.push(() => connection.close());
    const nativeConnection = await NativeConnection.connect(nativeConnectionOptions(temporalConnection));
    closers.push(() => nativeConnection.close());
    return {
      context: {
        mode: options.mode,
        sizes: options.sizes,
        temporalAddress,
        temporalEnv,
        dedicatedServer: server !== undefined,
        serverMetricsUrl: metricsPort ? `http://127.0.0.1:${metricsPort}/metrics` : undefined,
        pids: {
          temporal_server: server?.process.pid,
          harness_process: process.pid,
          sandbox: sandbox.process.pid!,
          postgres: database.pid,
        },
        client: new Client({ connection }),
        nativeConnection,
        sandbox,
        bundles: { hostflow, bare },
        dataDir,
        databaseUrl: database.url,
        tag: runTag(),
        numbers: numberSource(),
        tuning: workerTuning(hostflowConfig({ sandbox, dataDir, temporalAddress, temporalEnv, taskQueue: 'bench' })),
        progress: options.progress,
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
