import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/index.js';
import { keyringFromConfig, payloadCodecFromConfig } from '../config/payload-codec.js';
import type { PayloadKeyring } from '../codec/encryption-codec.js';
import { openBytes } from '../codec/sealed-bytes.js';
import type { Logger } from '../logging/logger.js';
import { startInputContext, type Records } from '../records/index.js';
import { startHostingWorkflow, TemporalUnavailableError, WorkflowExistsError } from '../api/temporal-gateway.js';
import type { HostingRequestInput } from '../workflows/types.js';

/** Every hostflow worker shares this lock: one record keeper works at a time in a deployment. */
const KEEPER_LOCK = 7_310_417_103;
/** Requests younger than this are still being started by the API that took them. */
const START_GRACE_MS = 10_000;

export interface RecordKeeperOptions {
  client: Client;
  taskQueue: string;
  records: Records;
  keyring: PayloadKeyring;
  log: Logger;
  intervalMs?: number;
  /** How old a request must be before the keeper starts it (the API may still be starting it). */
  startGraceMs?: number;
}

/**
 * Keeps the record and Temporal in step from the worker's side: a request the API recorded but
 * could not start (Temporal was unreachable, or the API stopped in between) is started here.
 */
export function startRecordKeeper(options: RecordKeeperOptions): { stop(): Promise<void>; runOnce(): Promise<void> } {
  const { client, taskQueue, records, keyring, log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  async function startUnstarted(): Promise<void> {
    for (const request of await records.requests.unstarted(options.startGraceMs ?? START_GRACE_MS, 50)) {
      if (!request.startInput) continue;
      const input = JSON.parse(
        openBytes(keyring, request.startInput, startInputContext(request.id)).toString('utf8'),
      ) as HostingRequestInput;
      try {
        await startHostingWorkflow(client, taskQueue, input);
        log.info({ requestId: request.id }, 'recorded request started');
      } catch (error) {
        // Already running: the API started it and only the mark was lost.
        if (!(error instanceof WorkflowExistsError)) throw error;
      }
      await records.requests.markStarted(request.id);
    }
  }

  async function round(): Promise<void> {
    const session = await records.db.connect();
    try {
      const locked = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [KEEPER_LOCK]);
      if (!locked.rows[0]?.ok) return;
      try {
        await startUnstarted();
      } finally {
        await session.query('SELECT pg_advisory_unlock($1)', [KEEPER_LOCK]);
      }
    } finally {
      session.release();
    }
  }

  const runOnce = () => {
    current = current.then(round).catch((error: Error) => {
      const passing = error instanceof TemporalUnavailableError || error.name === 'DatabaseUnavailableError';
      (passing ? log.debug : log.warn).call(
        log,
        { err: { name: error.name, message: error.message } },
        'record keeper round failed',
      );
    });
    return current;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), options.intervalMs ?? 5_000);
  };
  schedule();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

/** The record keeper of a worker process, from its configuration and Temporal connection. */
export function recordKeeperFromConfig(
  config: Config,
  connection: NativeConnection,
  records: Records,
  log: Logger,
): ReturnType<typeof startRecordKeeper> {
  return startRecordKeeper({
    // A client's codec (not the worker's strict one): it only encrypts what it starts.
    client: new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: { payloadCodecs: [payloadCodecFromConfig(config)] },
    }),
    taskQueue: config.temporal.taskQueue,
    records,
    keyring: keyringFromConfig(config),
    log,
  });
}
