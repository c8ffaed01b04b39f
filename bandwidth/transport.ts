import type { Method } from 'got';
import type { AuthProvider } from './auth.js';
import { dialectOfBaseUrl, pathsOf, type ApiDialect, type DialectPaths } from './dialect.js';
import { BandwidthError } from './errors.js';
import { readBandwidthErrors } from './error-shapes.js';
import { httpCall, type HttpResult } from './http-call.js';
import { errorForStatus } from './status-errors.js';
import type { NumberError } from './types.js';
import { parseXml, type ParsedXml } from './xml-parser.js';

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Redirects followed for one read before giving up; Bandwidth's own (list paging) need one or two. */
export const DEFAULT_MAX_REDIRECTS = 5;

export interface TransportConfig {
  baseUrl: string;
  accountId: string;
  auth: AuthProvider;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Normally left out: the dialect follows the base URL (`…/api/v2` is v2). */
  dialect?: ApiDialect;
  maxRedirects?: number;
}

export interface BandwidthRequest {
  method: Method;
  /** Path below `/accounts/{accountId}`, segments already encoded. */
  path: string;
  /** Path template for errors, e.g. `/importTnOrders/{orderId}`. */
  template: string;
  searchParams?: URLSearchParams;
  /** XML request bodies are sent as application/xml; others with their own type. */
  body?: { contentType: string; data: Uint8Array | string };
  accept?: string;
  signal?: AbortSignal;
}

export interface BandwidthResponse extends HttpResult {
  endpoint: string;
}

export interface Transport {
  readonly dialect: ApiDialect;
  /** The dialect's hosted-messaging path prefixes. */
  readonly paths: DialectPaths;
  /** Sends the request; any non-2xx answer becomes a BandwidthError. */
  send(request: BandwidthRequest): Promise<BandwidthResponse>;
  /** Reads an answer's XML body; `undefined` when the body is empty. */
  readXml(response: BandwidthResponse): ParsedXml | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function createTransport(config: TransportConfig): Transport {
  const baseUrl = validBaseUrl(config.baseUrl);
  const accountUrl = `${baseUrl}/accounts/${encodeURIComponent(config.accountId)}`;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRedirects = config.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const dialect = config.dialect ?? dialectOfBaseUrl(baseUrl);

  async function attempt(
    request: BandwidthRequest,
    url: URL,
    endpoint: string,
    authorization: string,
  ): Promise<HttpResult> {
    const headers: Record<string, string> = { authorization, accept: request.accept ?? 'application/xml' };
    if (request.body !== undefined) headers['content-type'] = request.body.contentType;
    return httpCall({
      method: request.method,
      url: url.toString(),
      endpoint,
      headers,
      ...(request.body === undefined ? {} : { body: request.body.data }),
      timeoutMs,
      maxResponseBytes,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
  }

  /** One URL, with the single re-send after a 401 when the credentials can be refreshed. */
  async function exchange(request: BandwidthRequest, url: URL, endpoint: string): Promise<HttpResult> {
    const authOptions = request.signal === undefined ? {} : { signal: request.signal };
    const authorization = await config.auth.authorization(authOptions);
    const result = await attempt(request, url, endpoint, authorization);
    // A cached OAuth2 token may have been revoked or expired early: drop it and try once more.
    if (result.status === 401 && config.auth.invalidate !== undefined) {
      config.auth.invalidate(authorization);
      return attempt(request, url, endpoint, await config.auth.authorization(authOptions));
    }
    return result;
  }

  return {
    dialect,
    paths: pathsOf(dialect),
    async send(request) {
      const endpoint = `${request.method} ${request.template}`;
      let url = new URL(`${accountUrl}${request.path}`);
      const query = request.searchParams?.toString() ?? '';
      if (query !== '') url.search = query;
      for (let redirects = 0; ; redirects += 1) {
        const result = await exchange(request, url, endpoint);
        if (REDIRECTS.has(result.status)) {
          url = redirectTarget({ request, endpoint, from: url, result, redirects, maxRedirects });
          continue;
        }
        if (result.status < 200 || result.status >= 300) {
          throw errorForStatus({
            endpoint,
            status: result.status,
            headers: result.headers,
            errors: errorsInBody(result.body),
            credentials: config.auth.mode,
          });
        }
        return { ...result, endpoint };
      }
    },
    readXml(response) {
      if (isBlank(response.body)) return undefined;
      return parseXml(response.body, { maxBytes: maxResponseBytes, endpoint: response.endpoint });
    },
  };
}

/**
 * Why a redirect from `from` to `to` must not be followed, or `undefined` when it may: only reads
 * (GET/HEAD) follow one, only to the same host, never to another scheme except http→https on that
 * host, never to another port on the same scheme, never with credentials in the URL. The
 * Authorization header travels with the request, so a redirect anywhere else would hand the
 * credentials to whoever answers there.
 */
export function redirectRefusal(method: string, from: URL, to: URL): string | undefined {
  if (!SAFE_METHODS.has(method.toUpperCase())) return `only reads follow redirects, not ${method.toUpperCase()}`;
  if (to.hostname !== from.hostname) return `it leads to another host (${to.hostname})`;
  if (to.username !== '' || to.password !== '') return 'its Location carries credentials';
  const sameScheme = to.protocol === from.protocol;
  const upgrade = from.protocol === 'http:' && to.protocol === 'https:';
  if (!sameScheme && !upgrade) return `it changes the scheme to ${to.protocol.replace(':', '')}`;
  if (sameScheme && to.port !== from.port) return `it leads to another port (${to.port || 'the default'})`;
  return undefined;
}

/** The next URL of a redirected read, or the BandwidthError that ends the call (at most `maxRedirects` hops). */
function redirectTarget(input: {
  request: BandwidthRequest;
  endpoint: string;
  from: URL;
  result: HttpResult;
  redirects: number;
  maxRedirects: number;
}): URL {
  const { endpoint, from, result } = input;
  const refuse = (why: string) =>
    new BandwidthError(`Bandwidth answered ${result.status} to ${endpoint}, a redirect not followed: ${why}`, {
      code: 'BANDWIDTH_UNEXPECTED_RESPONSE',
      status: result.status,
      retryable: false,
      endpoint,
    });
  const method = input.request.method;
  if (!SAFE_METHODS.has(method.toUpperCase())) throw refuse(`only reads follow redirects, not ${method.toUpperCase()}`);
  if (input.redirects >= input.maxRedirects) throw refuse(`more than ${input.maxRedirects} redirects`);
  const location = firstHeader(result.headers.location)?.trim();
  if (location === undefined || location === '') throw refuse('no Location header');
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw refuse('the Location header is not a URL');
  }
  const refusal = redirectRefusal(method, from, target);
  if (refusal !== undefined) throw refuse(refusal);
  target.hash = '';
  return target;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isBlank(body: Buffer): boolean {
  return body.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
}

/** Error bodies are best effort: an HTML page from a proxy or an empty 429 just has no codes. */
function errorsInBody(body: Buffer): NumberError[] {
  if (body.byteLength === 0) return [];
  try {
    return readBandwidthErrors(parseXml(body).root);
  } catch {
    return [];
  }
}

function validBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // The URL parser's error repeats its input, so it is not kept as the cause.
    throw new BandwidthError('Bandwidth baseUrl is not a valid URL', {
      code: 'BANDWIDTH_CONFIG_INVALID',
      retryable: false,
      endpoint: 'config',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BandwidthError(`Bandwidth baseUrl must be http(s), not ${url.protocol}`, {
      code: 'BANDWIDTH_CONFIG_INVALID',
      retryable: false,
      endpoint: 'config',
    });
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in the URL would travel into logs and error messages; they belong in `auth`.
    throw new BandwidthError('Bandwidth baseUrl must not contain credentials', {
      code: 'BANDWIDTH_CONFIG_INVALID',
      retryable: false,
      endpoint: 'config',
    });
  }
  return baseUrl.replace(/\/+$/, '');
}
