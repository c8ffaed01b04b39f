import { defaultPayloadConverter, type SignalDefinition } from '@temporalio/common';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { WORKFLOW_TYPE, workflowIdFor } from '../workflows/ids.js';
import { cancelSignal, orderNotificationSignal, provideLoaSignal, statusQuery } from '../workflows/messages.js';
import {
  BandwidthOrderIdKey,
  CustomerOrderIdKey,
  HostingStatusKey,
  SiteIdKey,
  TelephoneNumbersKey,
  searchableNumbers,
} from '../workflows/search-attributes.js';
import type {
  HostingRequestInput,
  HostingRequestView,
  LoaReference,
  OrderNotificationSignal,
} from '../workflows/types.js';
import type { hostingRequest } from '../workflows/hosting-request.js';
import { createPageTokens, type PageTokens } from './page-token.js';

export class RequestExistsError extends Error {
  override readonly name = 'RequestExistsError';
  readonly code = 'REQUEST_EXISTS';
}

export class InvalidPageTokenError extends Error {
  override readonly name = 'InvalidPageTokenError';
  readonly code = 'PAGE_TOKEN_INVALID';
}

/** Temporal is up but no worker answers for the request's task queue (a running request is read by a query). */
export class WorkerUnavailableError extends Error {
  override readonly name = 'WorkerUnavailableError';
  readonly code = 'WORKER_UNAVAILABLE';
}

export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  readonly code = 'TEMPORAL_UNAVAILABLE';
}

export type NotifyOutcome = 'signalled' | 'finished' | 'unknown';

/** One row of the request list: what search attributes tell without opening the workflow. */
export interface HostingRequestSummary {
  id: string;
  workflowId: string;
  status: string;
  orderId: string | null;
  siteId: string | null;
  telephoneNumbers: string[];
  startedAt: string | null;
  closedAt: string | null;
}

export interface ListFilter {
  status?: string;
  telephoneNumber?: string;
  limit: number;
  pageToken?: string;
}

/** What the HTTP API needs of Temporal, in the API's own terms. */
export interface HostingGateway {
  start(input: HostingRequestInput): Promise<{ workflowId: string }>;
  view(requestId: string): Promise<HostingRequestView | undefined>;
  notify(notice: OrderNotificationSignal): Promise<NotifyOutcome>;
  /** Asks a running request to cancel; 'finished' when it has already ended. */
  cancel(requestId: string, reason?: string): Promise<NotifyOutcome>;
  /** Hands a running request a (new) LOA; 'finished' when it has already ended. */
  provideLoa(requestId: string, loa: LoaReference): Promise<NotifyOutcome>;
  list(filter: ListFilter): Promise<{ requests: HostingRequestSummary[]; nextPageToken: string | null }>;
  ready(): Promise<boolean>;
}

/** Visibility query of the list; values are validated by the caller, quotes escaped here anyway. */
export function listQuery(filter: Pick<ListFilter, 'status' | 'telephoneNumber'>, taskQueue: string): string {
  const quote = (v: string) => `'${v.replace(/['\\]/g, '')}'`;
  // This deployment's requests: others sharing the namespace (another task queue) are not ours to show.
  const clauses = [`WorkflowType = ${quote(WORKFLOW_TYPE)}`, `TaskQueue = ${quote(taskQueue)}`];
  if (filter.status) clauses.push(`${HostingStatusKey.name} = ${quote(filter.status)}`);
  if (filter.telephoneNumber) clauses.push(`${TelephoneNumbersKey.name} = ${quote(filter.telephoneNumber)}`);
  // Visibility orders open executions first (newest start first), then closed ones (latest close
  // first); ORDER BY is not supported by every visibility store.
  return clauses.join(' AND ');
}

type RawPayloads =
  Record<string, { data?: Uint8Array | null; metadata?: Record<string, Uint8Array> | null }> | null | undefined;

/** Search attributes are stored unencrypted as JSON payloads (never through the payload codec). */
async function decodeSearchAttributes(fields: RawPayloads): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries(fields ?? {})) {
    const value = defaultPayloadConverter.fromPayload(
      payload as Parameters<typeof defaultPayloadConverter.fromPayload>[0],
    );
    out[name] = Array.isArray(value) ? value : [value];
  }
  return out;
}

function timestampToIso(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): string | null {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return null;
  const seconds = Number(ts.seconds);
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
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

export function createTemporalGateway({
  client,
  taskQueue,
  pageTokens = createPageTokens(),
}: {
  client: Client;
  taskQueue: string;
  pageTokens?: PageTokens;
}): HostingGateway {
  const guard = createGuard(client);
  const handleOf = (requestId: string) => client.workflow.getHandle<typeof hostingRequest>(workflowIdFor(requestId));

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
    start: (input) =>
      guard(async () => {
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
          if (error instanceof WorkflowExecutionAlreadyStartedError)
            throw new RequestExistsError(`request ${input.id} exists`, { cause: error });
          throw error;
        }
        return { workflowId };
      }),

    view: async (requestId) => {
      const handle = handleOf(requestId);
      let description;
      try {
        description = await guard(() => handle.describe());
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      }
      // A finished request's result is its final view; reading it needs no worker.
      if (description.status.name === 'COMPLETED') return guard(() => handle.result());
      try {
        return await guard(() => handle.query(statusQuery));
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return undefined;
        // Temporal answered the describe, so what did not answer is the worker: none is polling,
        // it is too busy to answer in time, or it failed to (the cause says which).
        throw new WorkerUnavailableError('no worker answered the status query', { cause: error });
      }
    },

    notify: (notice) =>
      guard(async () => {
        if (notice.customerOrderId) {
          const outcome = await signal(workflowIdFor(notice.customerOrderId), orderNotificationSignal, notice);
          if (outcome !== 'unknown') return outcome;
        }
        // No (or a foreign) CustomerOrderId: find the request by its Bandwidth order id.
        const query = `${BandwidthOrderIdKey.name} = "${notice.orderId.replace(/["\\]/g, '')}"`;
        for await (const execution of client.workflow.list({ query, pageSize: 1 })) {
          return signal(execution.workflowId, orderNotificationSignal, notice);
        }
        return 'unknown';
      }),

    cancel: (requestId, reason) => guard(() => signal(workflowIdFor(requestId), cancelSignal, { reason })),

    provideLoa: (requestId, loa) => guard(() => signal(workflowIdFor(requestId), provideLoaSignal, loa)),

    list: (filter) =>
      guard(async () => {
        const query = listQuery(filter, taskQueue);
        const nextPageToken = filter.pageToken ? pageTokens.unwrap(filter.pageToken, query) : undefined;
        if (filter.pageToken && !nextPageToken)
          throw new InvalidPageTokenError('pageToken was not issued for this list query');
        const response = await client.workflowService.listWorkflowExecutions({
          namespace: client.options.namespace,
          query,
          pageSize: filter.limit,
          nextPageToken,
        });
        const requests = await Promise.all(
          (response.executions ?? []).map(async (raw) => {
            const attributes = await decodeSearchAttributes(raw.searchAttributes?.indexedFields);
            const first = (name: string) => {
              const value = attributes[name];
              return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null;
            };
            const workflowId = raw.execution?.workflowId ?? '';
            return {
              id: first(CustomerOrderIdKey.name) ?? workflowId,
              workflowId,
              status: first(HostingStatusKey.name) ?? 'UNKNOWN',
              orderId: first(BandwidthOrderIdKey.name),
              siteId: first(SiteIdKey.name),
              telephoneNumbers: (attributes[TelephoneNumbersKey.name] as string[] | undefined) ?? [],
              startedAt: timestampToIso(raw.startTime),
              closedAt: timestampToIso(raw.closeTime),
            };
          }),
        );
        const token =
          response.nextPageToken && response.nextPageToken.length > 0
            ? pageTokens.wrap(response.nextPageToken, query)
            : null;
        return { requests, nextPageToken: token };
      }),

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
