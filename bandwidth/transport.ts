import type { Method } from 'got';
import type { AuthProvider } from './auth.js';
import { BandwidthError } from './errors.js';
import { readBandwidthErrors } from './error-shapes.js';
import { httpCall, type HttpResult } from './http-call.js';
import { errorForStatus } from './status-errors.js';
import type { NumberError } from './types.js';
import { parseXml, type ParsedXml } from './xml-parser.js';

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface TransportConfig {
  baseUrl: string;
  accountId: string;
  auth: AuthProvider;
  timeoutMs?: number;
  maxResponseBytes?: number;
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
}

export interface BandwidthResponse extends HttpResult {
  endpoint: string;
}

export interface Transport {
  /** Sends the request; any non-2xx answer becomes a BandwidthError. */
  send(request: BandwidthRequest): Promise<BandwidthResponse>;
  /** Reads an answer's XML body; `undefined` when the body is empty. */
  readXml(response: BandwidthResponse): ParsedXml | undefined;
}

export function createTransport(config: TransportConfig): Transport {
  const accountUrl = `${validBaseUrl(config.baseUrl)}/accounts/${encodeURIComponent(config.accountId)}`;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  async function attempt(request: BandwidthRequest, endpoint: string, authorization: string): Promise<HttpResult> {
    const headers: Record<string, string> = { authorization, accept: request.accept ?? 'application/xml' };
    if (request.body !== undefined) headers['content-type'] = request.body.contentType;
    return httpCall({
      method: request.method,
      url: `${accountUrl}${request.path}`,
      endpoint,
      headers,
      ...(request.searchParams === undefined ? {} : { searchParams: request.searchParams }),
      ...(request.body === undefined ? {} : { body: request.body.data }),
      timeoutMs,
      maxResponseBytes,
    });
  }

  return {
    async send(request) {
      const endpoint = `${request.method} ${request.template}`;
      const authorization = await config.auth.authorization();
      let result = await attempt(request, endpoint, authorization);
      // A cached OAuth2 token may have been revoked or expired early: drop it and try once more.
      if (result.status === 401 && config.auth.invalidate !== undefined) {
        config.auth.invalidate(authorization);
        result = await attempt(request, endpoint, await config.auth.authorization());
      }
      if (result.status < 200 || result.status >= 300) {
        throw errorForStatus({
          endpoint,
          status: result.status,
          headers: result.headers,
          errors: errorsInBody(result.body),
        });
      }
      return { ...result, endpoint };
    },
    readXml(response) {
      if (response.body.byteLength === 0 || response.body.toString('utf8').trim() === '') return undefined;
      return parseXml(response.body, { maxBytes: maxResponseBytes, endpoint: response.endpoint });
    },
  };
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
