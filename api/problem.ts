import type { ErrorRequestHandler, Response } from 'express';

/** RFC 9457 problem details, the one shape of every error the API answers. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

const TYPE_BASE = 'urn:hostflow:problem:';

export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail?: string,
  errors?: Problem['errors'],
): ProblemError {
  return new ProblemError({
    type: `${TYPE_BASE}${slug}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(errors ? { errors } : {}),
  });
}

export function sendProblem(res: Response, p: Problem): void {
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

/** body-parser's own errors are user mistakes: say so in problem+json, never as a 500. */
function fromBodyParser(error: { type?: string; status?: number; message?: string }): ProblemError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return problem(400, 'malformed-body', 'Malformed request body', 'The body is not valid JSON.');
    case 'entity.too.large':
      return problem(413, 'body-too-large', 'Request body too large', error.message);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'unsupported-encoding', 'Unsupported body encoding', error.message);
    case 'request.aborted':
      return problem(400, 'request-aborted', 'Request aborted');
    default:
      return undefined;
  }
}

/**
 * The router's refusal of a path parameter that is not valid percent-encoded UTF-8
 * (`/v1/hosting-requests/%C0%AF`). No resource can have such a name, so it is a 404 — the answer
 * every route with a path parameter documents.
 */
function fromRouter(error: unknown): ProblemError | undefined {
  if (error instanceof URIError && (error as URIError & { status?: number }).status === 400) {
    return problem(404, 'not-found', 'Not found', 'The path is not valid percent-encoded UTF-8.');
  }
  return undefined;
}

/** A payload this service cannot decrypt: a missing key is the operator's to fix, and says so. */
function fromPayloadCodec(error: unknown): ProblemError | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === 'PAYLOAD_KEY_UNKNOWN') {
      return problem(
        500,
        'payload-key-unknown',
        'Payload key missing',
        'This request was encrypted with a key this service does not hold; add it to PAYLOAD_ENCRYPTION_PREVIOUS_KEYS.',
      );
    }
  }
  return undefined;
}

/**
 * What the use cases throw, as HTTP: the one table from domain errors to problems. Outages are
 * 503 with a Retry-After, never a 500: the caller did nothing wrong and can simply try again.
 */
function fromDomain(error: unknown): { problem: ProblemError; retryAfter?: number } | undefined {
  const e = error as {
    code?: unknown;
    message?: string;
    held?: Array<{ telephoneNumber: string; status: string; requestId: string; index?: number }>;
  };
  switch (e?.code) {
    case 'REQUEST_EXISTS':
      return {
        problem: problem(
          409,
          'request-exists',
          'Request exists',
          'A hosting request with this id exists (ids are never reused).',
        ),
      };
    case 'NUMBERS_HELD':
      return {
        problem: problem(
          409,
          'numbers-held',
          'Numbers held by other requests',
          'Some numbers are pending in another running request or already hosted.',
          (e.held ?? []).map((h) => ({
            path: h.index === undefined ? 'telephoneNumbers' : `telephoneNumbers[${h.index}]`,
            message:
              h.status === 'HOSTED'
                ? `${h.telephoneNumber} is hosted by request ${JSON.stringify(h.requestId)}`
                : `${h.telephoneNumber} is pending in running request ${JSON.stringify(h.requestId)}`,
          })),
        ),
      };
    case 'DATABASE_UNAVAILABLE':
      return {
        problem: problem(
          503,
          'database-unavailable',
          'Service unavailable',
          "hostflow's database is unavailable; try again shortly.",
        ),
        retryAfter: 5,
      };
    case 'TEMPORAL_UNAVAILABLE':
      return {
        problem: problem(
          503,
          'temporal-unavailable',
          'Service unavailable',
          'Temporal is unavailable; try again shortly.',
        ),
        retryAfter: 5,
      };
    default:
      return undefined;
  }
}

export function problemHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const domain = fromDomain(error);
    if (domain) {
      if (domain.retryAfter) res.set('Retry-After', String(domain.retryAfter));
      return sendProblem(res, domain.problem.problem);
    }
    const known =
      error instanceof ProblemError ? error : (fromBodyParser(error) ?? fromRouter(error) ?? fromPayloadCodec(error));
    if (known) return sendProblem(res, known.problem);
    log.error(
      { err: { name: error?.name, message: error?.message, code: error?.code }, path: req.path },
      'unhandled error',
    );
    sendProblem(res, {
      type: `${TYPE_BASE}internal`,
      title: 'Internal error',
      status: 500,
      detail: 'The request could not be handled; it has been logged.',
    });
  };
}
