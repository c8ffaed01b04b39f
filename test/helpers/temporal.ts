import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { WORKFLOW_TYPE, workflowIdFor } from '../../workflows/ids.js';
import type { hostingRequest } from '../../workflows/hosting-request.js';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { workflowBundleFor } from '../../worker/workflow-bundle.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failureConverterPath } from '../../codec/index.js';

/** The real dev server the jest global setup started. */
export function temporalAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address)
    throw new Error('TEMPORAL_TEST_ADDRESS is not set: run the tests through jest (its global setup starts Temporal)');
  return address;
}

export { freshNumbers } from './numbers.js';

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

let bundle: Promise<{ code: string }> | undefined;
/** Workflow code bundled once per version of the sources, shared by every test file (and run). */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= workflowBundleFor(join(tmpdir(), 'hostflow-test-bundles'));
  return bundle;
}

export interface TemporalTestKit {
  client: Client;
  nativeConnection: NativeConnection;
  close(): Promise<void>;
}

export async function connectTemporal(options: { payloadCodec?: PayloadCodec } = {}): Promise<TemporalTestKit> {
  const address = temporalAddress();
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    client: new Client({
      connection,
      ...(options.payloadCodec
        ? { dataConverter: { payloadCodecs: [options.payloadCodec], failureConverterPath } }
        : {}),
    }),
    nativeConnection,
    close: async () => {
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs` with the last seen value. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not reached in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

// Worker logs at WARN: the suites' output should show failures, not every worker state change.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process by another test file
}

/**
 * A hosting request started on a task queue no worker polls: it stays open, so a test can send
 * it signals (notifications) and read them back from its history.
 */
export async function startWaitingRequest(client: Client, taskQueue: string, prefix: string) {
  const id = uniqueId(prefix);
  const handle = await client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
    taskQueue,
    workflowId: workflowIdFor(id),
    args: [
      {
        id,
        telephoneNumbers: ['3032281000'],
        siteId: '1',
        subscriber: {
          name: 'n',
          serviceAddress: { houseNumber: '1', streetName: 's', city: 'c', stateCode: 'CO', zip: '27541' },
        },
        loaAuthorizingPerson: 'p',
        createdAt: new Date().toISOString(),
        wait: { pollInitialIntervalMs: 300_000, pollMaxIntervalMs: 3_600_000 },
      },
    ],
  });
  return { id, handle };
}
