/** One field problem of a `400` answer, as the API's problem+json lists it. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/** Codes of failures the client sees itself, before or instead of a problem+json answer. */
export type HostflowClientErrorCode =
  'HOSTFLOW_UNREACHABLE' | 'HOSTFLOW_TIMEOUT' | 'HOSTFLOW_WAIT_TIMEOUT' | 'HOSTFLOW_UNEXPECTED_RESPONSE';

export interface HostflowApiErrorInit {
  code: string;
  status?: number;
  type?: string;
  title?: string;
  detail?: string;
  errors?: ProblemFieldError[];
  cause?: unknown;
}

/**
 * Every failure of the typed client. `code` is stable: from the problem `type` of an API answer
 * (`urn:hostflow:problem:invalid-request` → `INVALID_REQUEST`), or one of the client's own
 * `HOSTFLOW_*` codes. Messages carry what the API said and never the API key.
 */
export class HostflowApiError extends Error {
  override readonly name = 'HostflowApiError';
  readonly code: string;
  /** HTTP status of the answer; absent when there was none (unreachable, timed out). */
  readonly status?: number;
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly errors: ProblemFieldError[];

  constructor(message: string, init: HostflowApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
  }
}

const PROBLEM_TYPE_PREFIX = 'urn:hostflow:problem:';

/** `urn:hostflow:problem:request-exists` → `REQUEST_EXISTS`; other types → `HTTP_<status>`. */
export function codeOfProblemType(type: string | undefined, status: number): string {
  if (type?.startsWith(PROBLEM_TYPE_PREFIX)) {
    const slug = type.slice(PROBLEM_TYPE_PREFIX.length);
    if (/^[a-z0-9-]+$/.test(slug)) return slug.replace(/-/g, '_').toUpperCase();
  }
  return `HTTP_${status}`;
}

/** The message of a problem answer: title, detail and each field error, on one line. */
export function problemMessage(problem: {
  title?: string;
  detail?: string;
  status: number;
  errors?: ProblemFieldError[];
}): string {
  const head = [problem.title ?? `HTTP ${problem.status}`, problem.detail].filter(Boolean).join(': ');
  const fields = (problem.errors ?? []).map((e) => `${e.path} ${e.message}`);
  return fields.length > 0 ? `${head} (${fields.join('; ')})` : head;
}
