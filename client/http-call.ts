import { codeOfProblemType, HostflowApiError, problemMessage, type ProblemFieldError } from './errors.js';

export interface HttpCallOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Statuses that are an answer, not an error (besides 2xx). */
  accept?: readonly number[];
  signal?: AbortSignal;
  /** The answer is a file, not JSON (errors still come as problem+json). */
  binary?: boolean;
}

/** A file the API answered with: its bytes, type and name (from Content-Disposition). */
export interface DownloadedFile {
  data: Buffer;
  contentType: string;
  filename: string;
}

/** RFC 6266: `filename*=UTF-8''…` when present, else `filename="…"`. */
function filenameOf(disposition: string | null): string {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // fall through to the plain form
    }
  }
  return /filename="([^"]*)"/i.exec(disposition ?? '')?.[1] ?? 'download';
}

/** The base URL as it may appear in a message: no credentials, query or fragment. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Why the network failed: its code (ECONNREFUSED, ENOTFOUND, …), which undici hides in `cause`, else the cause's words. */
function networkReason(error: unknown): string | undefined {
  let words: string | undefined;
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    if (depth > 0 && e instanceof Error && e.message.length <= 80) words = e.message;
  }
  return words;
}

function isProblem(
  body: unknown,
): body is { type?: string; title?: string; status?: number; detail?: string; errors?: ProblemFieldError[] } {
  return typeof body === 'object' && body !== null && ('title' in body || 'type' in body);
}

/** One call to the API: JSON in and out, problem+json turned into HostflowApiError. */
export async function httpCall<T>(
  options: HttpCallOptions,
  request: HttpRequest,
): Promise<{ status: number; body: T }> {
  const where = displayUrl(options.baseUrl);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;

  let response: Response;
  let raw: Buffer;
  try {
    response = await options.fetch(`${options.baseUrl.replace(/\/+$/, '')}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    raw = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    if (timeout.aborted) {
      throw new HostflowApiError(
        `hostflow at ${where} did not answer ${request.method} ${request.path} within ${options.timeoutMs} ms`,
        { code: 'HOSTFLOW_TIMEOUT', cause: error },
      );
    }
    const reason = networkReason(error);
    throw new HostflowApiError(`cannot reach hostflow at ${where}${reason ? ` (${reason})` : ''}`, {
      code: 'HOSTFLOW_UNREACHABLE',
      cause: error,
    });
  }

  if (request.binary && response.ok) {
    const file: DownloadedFile = {
      data: raw,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: filenameOf(response.headers.get('content-disposition')),
    };
    return { status: response.status, body: file as T };
  }
  const text = raw.toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch (error) {
    throw new HostflowApiError(
      `hostflow at ${where} answered ${request.method} ${request.path} with ${response.status} and a body that is not JSON`,
      {
        code: 'HOSTFLOW_UNEXPECTED_RESPONSE',
        status: response.status,
        cause: error,
      },
    );
  }
  if (response.ok || request.accept?.includes(response.status)) return { status: response.status, body: body as T };

  if (isProblem(body)) {
    const problem = { ...body, status: response.status };
    throw new HostflowApiError(problemMessage(problem), {
      code: codeOfProblemType(body.type, response.status),
      status: response.status,
      type: body.type,
      title: body.title,
      detail: body.detail,
      errors: Array.isArray(body.errors) ? body.errors : [],
    });
  }
  throw new HostflowApiError(
    `hostflow at ${where} answered ${request.method} ${request.path} with ${response.status} ${response.statusText}`.trim(),
    {
      code: `HTTP_${response.status}`,
      status: response.status,
    },
  );
}
