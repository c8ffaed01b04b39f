import { TERMINAL_STATUSES } from '../contract/statuses.js';
import type { HostingRequestView } from '../contract/view.js';
import { HostflowApiError } from './errors.js';
import { httpCall, type DownloadedFile, type HttpCallOptions, type HttpRequest } from './http-call.js';
import type {
  CancelAccepted,
  HostflowClient,
  HostflowClientOptions,
  HostingRequestPage,
  LoaAccepted,
  LoaInput,
  StartedHostingRequest,
  StartHostingRequestBody,
  TelephoneNumberRecord,
  WaitOptions,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const DEFAULT_OUTAGE_TOLERANCE_MS = 60_000;

/** Failures a wait rides out: the API restarting or Temporal briefly away, not a wrong request. */
function isPassing(error: unknown): boolean {
  if (!(error instanceof HostflowApiError)) return false;
  return (
    error.code === 'HOSTFLOW_UNREACHABLE' ||
    error.code === 'HOSTFLOW_TIMEOUT' ||
    [502, 503, 504].includes(error.status ?? 0)
  );
}

/** The API takes LOA files as base64; callers may hand over the bytes. */
function encodeLoa(loa: LoaInput): LoaInput & { data: string } {
  return { ...loa, data: typeof loa.data === 'string' ? loa.data : Buffer.from(loa.data).toString('base64') };
}

const requestPath = (id: string) => `/v1/hosting-requests/${encodeURIComponent(id)}`;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The typed client of hostflow's HTTP API, for backend services (Node's global fetch). */
export function createHostflowClient(options: HostflowClientOptions): HostflowClient {
  let parsed: URL | undefined;
  try {
    parsed = new URL(options.baseUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new HostflowApiError('baseUrl must be an http(s) URL such as http://127.0.0.1:3000', {
      code: 'HOSTFLOW_INVALID_OPTIONS',
    });
  }
  const http: HttpCallOptions = {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch ?? globalThis.fetch,
  };
  const call = async <T>(request: HttpRequest) => (await httpCall<T>(http, request)).body;

  const get = (id: string, signal?: AbortSignal) =>
    call<HostingRequestView>({ method: 'GET', path: requestPath(id), signal });

  return {
    start: (body: StartHostingRequestBody) =>
      call<StartedHostingRequest>({
        method: 'POST',
        path: '/v1/hosting-requests',
        body: body.loa ? { ...body, loa: encodeLoa(body.loa) } : body,
      }),

    get: (id) => get(id),

    list: (query = {}) => {
      const params = new URLSearchParams();
      if (query.status) params.set('status', query.status);
      if (query.telephoneNumber) params.set('telephoneNumber', query.telephoneNumber);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.pageToken) params.set('pageToken', query.pageToken);
      const search = params.toString();
      return call<HostingRequestPage>({ method: 'GET', path: `/v1/hosting-requests${search ? `?${search}` : ''}` });
    },

    cancel: (id, reason) =>
      call<CancelAccepted>({
        method: 'POST',
        path: `${requestPath(id)}/cancel`,
        body: reason === undefined ? {} : { reason },
      }),

    provideLoa: (id, loa) =>
      call<LoaAccepted>({ method: 'POST', path: `${requestPath(id)}/loa`, body: encodeLoa(loa) }),

    loa: (id) => call<DownloadedFile>({ method: 'GET', path: `${requestPath(id)}/loa`, binary: true }),

    number: (telephoneNumber) =>
      call<TelephoneNumberRecord>({
        method: 'GET',
        path: `/v1/telephone-numbers/${encodeURIComponent(telephoneNumber)}`,
      }),

    waitUntilDone: async (id, wait: WaitOptions = {}) => {
      const interval = wait.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
      const tolerance = wait.outageToleranceMs ?? DEFAULT_OUTAGE_TOLERANCE_MS;
      const deadline = wait.timeoutMs === undefined ? Infinity : Date.now() + wait.timeoutMs;
      let last: string | undefined;
      let lastSuccess: number | undefined;
      for (;;) {
        let view: HostingRequestView | undefined;
        try {
          view = await get(id, wait.signal);
          lastSuccess = Date.now();
        } catch (error) {
          // The first read must work: a wrong URL, key or id should fail at once, not after a minute.
          if (lastSuccess === undefined || !isPassing(error) || Date.now() - lastSuccess > tolerance) throw error;
        }
        if (view) {
          const seen = JSON.stringify(view);
          if (seen !== last) {
            last = seen;
            wait.onProgress?.(view);
          }
          if (TERMINAL_STATUSES.includes(view.status)) return view;
        }
        if (Date.now() + interval > deadline) {
          throw new HostflowApiError(`hosting request ${JSON.stringify(id)} did not end within ${wait.timeoutMs} ms`, {
            code: 'HOSTFLOW_WAIT_TIMEOUT',
          });
        }
        await sleep(interval, wait.signal);
      }
    },

    ready: async () => {
      const { status } = await httpCall<unknown>(http, { method: 'GET', path: '/readyz', accept: [503] });
      return status === 200;
    },
  };
}
