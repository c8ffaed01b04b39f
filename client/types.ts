import type { z } from 'zod';
import type { createHostingRequestSchema, loaSchema } from '../api/hosting-request-schema.js';
import type { DownloadedFile } from './http-call.js';
import type { HostingStatus, LoaStatus } from '../contract/statuses.js';
import type { HostingRequestView } from '../contract/view.js';
import type { RequestSummary as HostingRequestSummary } from '../records/request-store.js';
import type { NumberRecord as TelephoneNumberRecord } from '../records/number-registry.js';

export type { HostingRequestSummary, HostingRequestView, HostingStatus, LoaStatus, TelephoneNumberRecord };
export type { DownloadedFile } from './http-call.js';
export type { AttentionCode, NumberStatus, OrderStatus } from '../contract/statuses.js';
export type { Attention, LoaView, NumberOutcome, OrderView, RequestFailure } from '../contract/view.js';

/**
 * An LOA file as the API takes it (`data` base64). The client also takes the raw bytes and
 * encodes them itself.
 */
export type LoaInput = Omit<z.input<typeof loaSchema>, 'data'> & { data: string | Uint8Array };

/** The `POST /v1/hosting-requests` body, exactly as the API validates it (plus raw LOA bytes). */
export type StartHostingRequestBody = Omit<z.input<typeof createHostingRequestSchema>, 'loa'> & { loa?: LoaInput };

export interface StartedHostingRequest {
  id: string;
  workflowId: string;
  status: HostingStatus;
  links: { self: string };
}

export interface ListHostingRequestsQuery {
  status?: HostingStatus;
  /** 10 digits or +1 E.164. */
  telephoneNumber?: string;
  /** 1 to 1000; the API's default is 50. */
  limit?: number;
  /** `nextPageToken` of an earlier page. */
  pageToken?: string;
}

export interface HostingRequestPage {
  /** Newest first. */
  requests: HostingRequestSummary[];
  /** Pass as `pageToken` for the next page; null on the last one. */
  nextPageToken: string | null;
}

export interface CancelAccepted {
  id: string;
  status: 'CANCELLING';
  links: { self: string };
}

export interface LoaAccepted {
  id: string;
  loa: { status: LoaStatus };
  links: { self: string };
}

export interface WaitOptions {
  /** Time between two reads of the request. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Give up (HOSTFLOW_WAIT_TIMEOUT) after this long. Default: no limit. */
  timeoutMs?: number;
  /**
   * How long reads may keep failing for a passing reason (unreachable, timed out, 502/503/504)
   * before the wait gives up; the first read must succeed. Default 60000 ms.
   */
  outageToleranceMs?: number;
  /** Hears the first view and every view that differs from the one before. */
  onProgress?: (view: HostingRequestView) => void;
  /** Stops the wait (rejects with the signal's reason). */
  signal?: AbortSignal;
}

export interface HostflowClientOptions {
  /** Where the HTTP API is, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Per HTTP call. Default 30000 ms (an LOA upload may be 10 MB). */
  timeoutMs?: number;
  /** A fetch implementation; default Node's global fetch. */
  fetch?: typeof fetch;
}

export interface HostflowClient {
  start(body: StartHostingRequestBody): Promise<StartedHostingRequest>;
  get(id: string): Promise<HostingRequestView>;
  list(query?: ListHostingRequestsQuery): Promise<HostingRequestPage>;
  cancel(id: string, reason?: string): Promise<CancelAccepted>;
  provideLoa(id: string, loa: LoaInput): Promise<LoaAccepted>;
  /** The request's LOA file as it was given (`GET /v1/hosting-requests/{id}/loa`). */
  loa(id: string): Promise<DownloadedFile>;
  /** One number's life in this deployment (`GET /v1/telephone-numbers/{tn}`; 10 digits or +1…). */
  number(telephoneNumber: string): Promise<TelephoneNumberRecord>;
  /** Resolves with the request's view once its status is one of the ends (TERMINAL_STATUSES). */
  waitUntilDone(id: string, options?: WaitOptions): Promise<HostingRequestView>;
  /** True when the API can reach Temporal (`GET /readyz`). */
  ready(): Promise<boolean>;
}
