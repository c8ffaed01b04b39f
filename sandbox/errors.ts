import { el, type XmlElement } from './xml-build.js';
import { RESOURCE_DOES_NOT_EXIST, type BandwidthError } from './error-codes.js';

/**
 * An answer the sandbox gives instead of the normal one. Route code throws it; the app's error
 * handler renders `body` (XML) with `status`.
 */
export class SandboxHttpError extends Error {
  override readonly name = 'SandboxHttpError';
  readonly code: string;
  readonly status: number;
  readonly body: XmlElement | undefined;

  constructor(
    status: number,
    body: XmlElement | undefined,
    message: string,
    options?: { code?: string; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.body = body;
    this.code = options?.code ?? `SANDBOX_HTTP_${status}`;
  }
}

/** `<Root><ResponseStatus><ErrorCode/><Description/></ResponseStatus></Root>`, Bandwidth's generic error shape. */
export function responseStatusBody(root: string, error: BandwidthError): XmlElement {
  return el(root, el('ResponseStatus', el('ErrorCode', error.code), el('Description', error.description)));
}

/** Repeated sibling `<Errors><Code/><Description/></Errors>` elements, as the checker and order create answer. */
export function siblingErrorElements(errors: readonly BandwidthError[]): XmlElement[] {
  return errors.map((error) => el('Errors', el('Code', error.code), el('Description', error.description)));
}

export function responseStatusError(status: number, root: string, error: BandwidthError): SandboxHttpError {
  return new SandboxHttpError(status, responseStatusBody(root, error), error.description, { code: error.code });
}

/**
 * Bandwidth's 404: `<Root><ResponseStatus><Description>The resource does not exist</Description>`
 * with no code (numbers.yml's TN option order and address examples). `what` goes to the log only.
 */
export function notFoundError(root: string, what: string): SandboxHttpError {
  return new SandboxHttpError(
    404,
    el(root, el('ResponseStatus', el('Description', RESOURCE_DOES_NOT_EXIST))),
    `${what} was not found`,
    { code: 'NOT_FOUND' },
  );
}

/** The message of anything thrown (duck-typed: errors from another realm fail `instanceof Error`). */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}
