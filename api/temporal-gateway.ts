import type { SignalDefinition } from '@temporalio/common';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { WORKFLOW_TYPE, workflowIdFor } from '../contract/ids.js';
import type { hostingRequest } from '../workflows/hosting-request.js';
import { cancelSignal, orderNotificationSignal, provideLoaSignal } from '../workflows/messages.js';
import {
  CustomerOrderIdKey,
  HostingStatusKey,
  SiteIdKey,
  TelephoneNumbersKey,
  searchableNumbers,
} from '../workflows/search-attributes.js';
import type { HostingRequestInput, LoaReference, OrderNotificationSignal } from '../workflows/types.js';

/** Temporal already has a workflow under this request's id (from before the record knew it). */
export class WorkflowExistsError extends Error {
  override readonly name = 'WorkflowExistsError';
  readonly code = 'WORKFLOW_EXISTS';
}

export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  readonly code = 'TEMPORAL_UNAVAILABLE';
}

export type NotifyOutcome = 'signalled' | 'finished' | 'unknown';

/**
 * What the HTTP API asks of Temporal: start a request's workflow and signal it. Nothing reads
 * from Temporal: the record answers every read.
 */
export interface HostingGateway {
  start(input: HostingRequestInput): Promise<{ workflowId: string }>;
  /** Hands a notification to the workflow with this id. */
  notify(workflowId: string, notice: OrderNotificationSignal): Promise<NotifyOutcome>;
  /** Asks a running request to cancel; 'finished' when it has already ended. */
  cancel(requestId: string, reason?: string): Promise<NotifyOutcome>;
  /** Hands a running request a (new) LOA; 'finished' when it has already ended. */
  provideLoa(requestId: string, loa: LoaReference): Promise<NotifyOutcome>;
  ready(): Promise<boolean>;
}

/** gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4): the server is down or not answering. */
const UNAVAILABLE_CODES = new Set<number>([14, 4]);

function isUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && UNAVAILABLE_CODES.has(code)) return true;
    if ((e as Error).name === 'TransportError' || (e as Error).name === 'ConnectionError') return true;
  }
  return false;
}

/**
 * Every API call to Temporal gets a deadline: while Temporal is down, a caller (or Bandwidth,
 * whose callback gives up) should hear 503 promptly rather than wait out gRPC's retries.
 */
const CALL_DEADLINE_MS = 5_000;

export function createGuard(client: Client) {
  return async function guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await client.connection.withDeadline(Date.now() + CALL_DEADLINE_MS, call);
    } catch (error) {
      if (isUnavailable(error)) throw new TemporalUnavailableError('Temporal is unavailable', { cause: error });
      throw error;
    }
  };
}

/**
 * Starts a request's workflow, searchable from its first moment. Shared by the API and the
 * worker's record keeper (which starts what the API recorded but could not start).
 */
export async function startHostingWorkflow(
  client: Client,
  taskQueue: string,
  input: HostingRequestInput,
): Promise<string> {
  const workflowId = workflowIdFor(input.id);
  try {
    await client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
      taskQueue,
      workflowId,
      args: [input],
      // A request id names one request forever, finished or not.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: HostingStatusKey, value: 'CHECKING' },
        { key: CustomerOrderIdKey, value: input.id },
        { key: TelephoneNumbersKey, value: searchableNumbers(input.telephoneNumbers) },
        { key: SiteIdKey, value: input.siteId },
      ],
      staticSummary: `Host ${input.telephoneNumbers.length} number${input.telephoneNumbers.length === 1 ? '' : 's'} — customer order ${input.id}, site ${input.siteId}`,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw new WorkflowExistsError(`a workflow ${workflowId} exists`, { cause: error });
    }
    throw error;
  }
  return workflowId;
}

export function createTemporalGateway({ client, taskQueue }: { client: Client; taskQueue: string }): HostingGateway {
  const guard = createGuard(client);

  async function signal<Args extends unknown[]>(
    workflowId: string,
    definition: SignalDefinition<Args>,
    ...args: Args
  ): Promise<NotifyOutcome> {
    const handle = client.workflow.getHandle(workflowId);
    try {
      await handle.signal(definition, ...args);
      return 'signalled';
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // No running execution: either the request already finished (a late or duplicate
      // notification, harmless) or the id is not ours.
      try {
        await handle.describe();
        return 'finished';
      } catch (describeError) {
        if (describeError instanceof WorkflowNotFoundError) return 'unknown';
        throw describeError;
      }
    }
  }

  return {
    start: (input) => guard(async () => ({ workflowId: await startHostingWorkflow(client, taskQueue, input) })),
    notify: (workflowId, notice) => guard(() => signal(workflowId, orderNotificationSignal, notice)),
    cancel: (requestId, reason) => guard(() => signal(workflowIdFor(requestId), cancelSignal, { reason })),
    provideLoa: (requestId, loa) => guard(() => signal(workflowIdFor(requestId), provideLoaSignal, loa)),
    ready: async () => {
      try {
        await client.connection.withDeadline(Date.now() + 2_000, () =>
          client.connection.workflowService.getSystemInfo({}),
        );
        return true;
      } catch {
        return false;
      }
    },
  };
}
