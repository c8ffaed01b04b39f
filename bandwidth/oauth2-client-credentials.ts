import type { IncomingHttpHeaders } from 'node:http';
import type { AuthProvider } from './auth.js';
import { BandwidthError } from './errors.js';
import { abortedError, httpCall } from './http-call.js';
import { describeErrors, errorForStatus } from './status-errors.js';
import type { NumberError } from './types.js';

export interface OAuth2ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per token request, default 30 s. */
  timeoutMs?: number;
  /** Fetch a new token this long before the current one expires, default 60 s, capped at half its lifetime. */
  refreshSkewMs?: number;
  /** For tests of expiry: the clock the cache is kept against. */
  now?: () => number;
}

interface CachedToken {
  header: string;
  refreshAt: number;
  expiresAt: number;
}

const DEFAULT_REFRESH_SKEW_MS = 60_000;
// RFC 6749 makes expires_in optional; Bandwidth sends 3600. A wrong guess costs one 401 and a refetch.
const DEFAULT_LIFETIME_SECONDS = 3600;
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/**
 * OAuth2 client credentials against Bandwidth's token endpoint. The token is cached and shared:
 * concurrent callers wait on one in-flight fetch, and a new token is fetched `refreshSkewMs`
 * before expiry (never more than half the lifetime early, so short-lived tokens still get used).
 */
export function oauth2ClientCredentials(options: OAuth2ClientCredentialsOptions): AuthProvider {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const skewMs = options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS;
  const endpoint = `POST ${tokenPath(options.tokenUrl)}`;
  const basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64')}`;

  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  async function fetchToken(): Promise<CachedToken> {
    const requestedAt = now();
    const result = await httpCall({
      method: 'POST',
      url: options.tokenUrl,
      endpoint,
      headers: {
        authorization: basic,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
      timeoutMs,
      maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES,
    });
    if (result.status < 200 || result.status >= 300) {
      throw tokenEndpointError(endpoint, result.status, result.headers, oauthErrors(result.body));
    }
    const { accessToken, lifetimeMs } = readTokenAnswer(result.body, endpoint);
    // Timed from when the request left, so the token is never thought younger than it is.
    const expiresAt = requestedAt + lifetimeMs;
    return { header: `Bearer ${accessToken}`, expiresAt, refreshAt: expiresAt - Math.min(skewMs, lifetimeMs / 2) };
  }

  function refresh(): Promise<CachedToken> {
    inFlight ??= fetchToken()
      .then((token) => {
        cached = token;
        return token;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  return {
    mode: 'oauth2',
    async authorization(callOptions = {}) {
      const current = cached;
      const at = now();
      if (current !== undefined && at < current.refreshAt) return current.header;
      try {
        return (await untilAborted(refresh(), callOptions.signal, endpoint)).header;
      } catch (error) {
        if (error instanceof BandwidthError && error.code === 'BANDWIDTH_ABORTED') throw error;
        // A failed early refresh is no reason to fail a call while the current token still holds.
        if (current !== undefined && current === cached && now() < current.expiresAt) return current.header;
        throw error;
      }
    },
    invalidate(rejected?: string) {
      if (rejected === undefined || cached?.header === rejected) cached = undefined;
    },
  };
}

/**
 * Waits for a shared promise but gives up when this caller's signal aborts; the shared work goes
 * on for the other callers waiting on it.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, endpoint: string): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortedError(endpoint, signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(endpoint, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

const FORBIDDEN_OAUTH_ERRORS = new Set(['unauthorized_client', 'access_denied']);

/**
 * A refusal by the token endpoint is about the client credentials, never about the call that
 * needed the token: 401 (or `invalid_client`, or any other 4xx answer: no token can come of these
 * credentials) is BANDWIDTH_UNAUTHORIZED, 403 (`unauthorized_client`, `access_denied`)
 * BANDWIDTH_FORBIDDEN. 408, 429 and 5xx stay transient.
 */
function tokenEndpointError(
  endpoint: string,
  status: number,
  headers: IncomingHttpHeaders,
  errors: NumberError[],
): BandwidthError {
  if (status === 408 || status === 429 || status >= 500 || status < 400) {
    return errorForStatus({ endpoint, status, headers, errors });
  }
  const forbidden = status === 403 || errors.some((error) => FORBIDDEN_OAUTH_ERRORS.has(error.code));
  const what = forbidden
    ? 'accepted the OAuth2 client but refuses it a token'
    : 'refused the OAuth2 client credentials';
  return new BandwidthError(
    `Bandwidth's token endpoint ${what} (${status} to ${endpoint}${describeErrors(errors)}): ` +
      "check BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET and the API client's roles in the Bandwidth App",
    {
      code: forbidden ? 'BANDWIDTH_FORBIDDEN' : 'BANDWIDTH_UNAUTHORIZED',
      status,
      retryable: false,
      errors,
      endpoint,
    },
  );
}

function tokenPath(tokenUrl: string): string {
  try {
    return new URL(tokenUrl).pathname;
  } catch {
    return '/oauth2/token';
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function oauthErrors(body: Buffer): NumberError[] {
  const json = parseJson(body);
  if (typeof json !== 'object' || json === null) return [];
  const { error, error_description: description } = json as Record<string, unknown>;
  if (typeof error !== 'string') return [];
  return [{ code: error, description: typeof description === 'string' ? description : '', telephoneNumbers: [] }];
}

function readTokenAnswer(body: Buffer, endpoint: string): { accessToken: string; lifetimeMs: number } {
  const json = parseJson(body);
  const fields = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const accessToken = fields['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new BandwidthError(`The token endpoint's answer to ${endpoint} holds no access_token`, {
      code: 'BANDWIDTH_TOKEN_INVALID',
      retryable: false,
      endpoint,
    });
  }
  const expiresIn = Number(fields['expires_in'] ?? DEFAULT_LIFETIME_SECONDS);
  const lifetimeSeconds = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS;
  return { accessToken, lifetimeMs: lifetimeSeconds * 1000 };
}
