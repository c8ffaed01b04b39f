import type { IncomingHttpHeaders } from 'node:http';
import got, { AbortError, CancelError, TimeoutError, type Method } from 'got';
import { BandwidthError, SanitizedCause } from './errors.js';

export interface HttpCall {
  method: Method;
  url: string;
  /** Label for errors: `METHOD /path` without host, account id or credentials. */
  endpoint: string;
  headers: Record<string, string>;
  searchParams?: URLSearchParams;
  body?: Uint8Array | string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Aborts the exchange (and its socket) when the caller gives up, e.g. a cancelled activity. */
  signal?: AbortSignal;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export const USER_AGENT = 'hostflow-bandwidth-client';

/**
 * One HTTP exchange through got, with got's retries off (Temporal owns retrying), a timeout on
 * the whole call, no redirects (the transport decides which to follow), an optional AbortSignal,
 * and any status handed back for the caller to map. Transport failures become BandwidthError with
 * only a sanitized cause: got's errors carry the request options, Authorization header included.
 */
export async function httpCall(call: HttpCall): Promise<HttpResult> {
  if (call.signal?.aborted === true) throw abortedError(call.endpoint, call.signal.reason);
  let tooLarge = false;
  const request = got(call.url, {
    method: call.method,
    headers: { 'user-agent': USER_AGENT, ...call.headers },
    ...(call.searchParams === undefined ? {} : { searchParams: call.searchParams }),
    ...(call.body === undefined
      ? {}
      : {
          body:
            typeof call.body === 'string'
              ? call.body
              : Buffer.from(call.body.buffer, call.body.byteOffset, call.body.byteLength),
        }),
    retry: { limit: 0 },
    timeout: { request: call.timeoutMs },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'buffer',
    ...(call.signal === undefined ? {} : { signal: call.signal }),
  });
  // `on` returns the request (a promise) for chaining; its outcome is awaited below.
  void request.on('downloadProgress', (progress) => {
    if (!tooLarge && (progress.transferred > call.maxResponseBytes || (progress.total ?? 0) > call.maxResponseBytes)) {
      tooLarge = true;
      request.cancel();
    }
  });

  try {
    const response = await request;
    if (response.body.byteLength > call.maxResponseBytes) tooLarge = true;
    if (!tooLarge) return { status: response.statusCode, headers: response.headers, body: response.body };
  } catch (error) {
    if (!(tooLarge && error instanceof CancelError)) throw transportError(call.endpoint, error, call.timeoutMs);
  }
  throw new BandwidthError(`Bandwidth's answer to ${call.endpoint} exceeds ${call.maxResponseBytes} bytes`, {
    code: 'BANDWIDTH_RESPONSE_TOO_LARGE',
    retryable: false,
    endpoint: call.endpoint,
  });
}

/** The caller's signal ended the call; asking again later can still succeed. */
export function abortedError(endpoint: string, reason?: unknown): BandwidthError {
  return new BandwidthError(`${endpoint} was aborted by the caller`, {
    code: 'BANDWIDTH_ABORTED',
    retryable: true,
    endpoint,
    ...(reason === undefined ? {} : { cause: new SanitizedCause(reason) }),
  });
}

function transportError(endpoint: string, error: unknown, timeoutMs: number): BandwidthError {
  if (error instanceof AbortError) return abortedError(endpoint, error);
  const cause = new SanitizedCause(error);
  if (error instanceof TimeoutError) {
    return new BandwidthError(`${endpoint} got no answer within ${timeoutMs} ms`, {
      code: 'BANDWIDTH_TIMEOUT',
      retryable: true,
      endpoint,
      cause,
    });
  }
  const code = cause.code === undefined ? '' : ` (${cause.code})`;
  return new BandwidthError(`${endpoint} failed before an answer${code}: ${cause.message}`, {
    code: 'BANDWIDTH_NETWORK',
    retryable: true,
    endpoint,
    cause,
  });
}
