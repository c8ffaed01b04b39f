import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { searchAttributeRegistrations } from '../workflows/search-attributes.js';
import { stopChild, stopWithParent } from './parent-watchdog.js';
import { findTemporalCli } from './temporal-cli.js';

export interface DevServerOptions {
  /** gRPC frontend port; 0 picks a free one. */
  port?: number;
  ip?: string;
  /** Web UI port; `false` runs headless. */
  uiPort?: number | false;
  /** SQLite file for state that survives restarts; in memory when absent. */
  dbFilename?: string;
  namespace?: string;
  /**
   * The namespace's history retention, set once the server answers: `start-dev` has no flag for
   * it and keeps a day by default. Unset: the server's default.
   */
  retentionMs?: number;
  /** Extra `temporal server start-dev` flags (e.g. `--ui-codec-endpoint`). */
  extraArgs?: string[];
  /** How long to wait for the frontend to answer. */
  readyTimeoutMs?: number;
  /** Where the server's own output goes; ignored when absent. */
  output?: NodeJS.WritableStream;
}

export interface DevServer {
  address: string;
  port: number;
  uiUrl: string | undefined;
  cli: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Waits until the frontend answers a real gRPC call, or the deadline passes. */
export async function waitForTemporal(
  address: string,
  timeoutMs: number,
  exited?: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const why = exited?.();
    if (why) throw new Error(`Temporal dev server exited before it was ready: ${why}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`Temporal at ${address} did not become ready in ${timeoutMs} ms`, { cause: lastError });
}

/** Sets a namespace's history retention (Temporal's UpdateNamespace), as `temporal operator namespace update --retention` does. */
export async function setNamespaceRetention(address: string, namespace: string, retentionMs: number): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    await connection.workflowService.updateNamespace({
      namespace,
      config: {
        workflowExecutionRetentionTtl: proto.google.protobuf.Duration.fromObject({
          seconds: Math.round(retentionMs / 1_000),
        }),
      },
    });
  } finally {
    await connection.close();
  }
}

/** Starts `temporal server start-dev` with hostflow's search attributes registered. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = findTemporalCli();
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port || (await freePort(ip));
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'error'];
  let uiUrl: string | undefined;
  if (options.uiPort === false) {
    args.push('--headless');
  } else {
    const uiPort = options.uiPort || (await freePort(ip));
    args.push('--ui-port', String(uiPort));
    uiUrl = `http://${ip}:${uiPort}`;
  }
  if (options.dbFilename) {
    mkdirSync(dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
  }
  if (options.namespace && options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const { name, type } of searchAttributeRegistrations) args.push('--search-attribute', `${name}=${type}`);
  args.push(...(options.extraArgs ?? []));

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exitReason: string | undefined;
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2_000);
  });
  if (options.output) {
    child.stdout?.pipe(options.output, { end: false });
    child.stderr?.pipe(options.output, { end: false });
  } else {
    child.stdout?.resume();
  }
  child.on('exit', (code, signal) => {
    exitReason = `code ${code ?? '-'} signal ${signal ?? '-'} ${stderrTail.trim()}`;
  });
  child.on('error', (error) => {
    exitReason = error.message;
  });

  // A dev server must not outlive what started it; SIGTERM lets it close its database cleanly.
  stopWithParent(child, { signal: 'SIGTERM' });

  const address = `${ip}:${port}`;
  try {
    await waitForTemporal(address, options.readyTimeoutMs ?? 60_000, () => exitReason);
    if (options.retentionMs) await setNamespaceRetention(address, options.namespace ?? 'default', options.retentionMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    address,
    port,
    uiUrl,
    cli,
    process: child,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}
