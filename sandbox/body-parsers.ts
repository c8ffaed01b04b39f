import express, { type Request, type RequestHandler } from 'express';
import { errors, type BandwidthError } from './error-codes.js';
import { errorMessage, SandboxHttpError, responseStatusBody } from './errors.js';
import type { XmlElement } from './xml-build.js';

export const XML_BODY_LIMIT = '1mb';
export const LOA_BODY_LIMIT = '10mb';

/** Renders a body-reading failure in the endpoint's own error shape. */
type ErrorBody = (error: BandwidthError) => XmlElement;

/** Runs a body parser and turns its failures (too large, bad encoding) into Bandwidth-style answers. */
function withBodyErrors(parser: RequestHandler, limit: string, body: ErrorBody): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as { type?: string; status?: number };
      const tooLarge = type === 'entity.too.large';
      const httpStatus = tooLarge ? 413 : status === 415 ? 415 : 400;
      const described = tooLarge
        ? errors.tooLong('The request body', limit)
        : errors.badRequest(`The body could not be read: ${errorMessage(error)}`);
      next(
        new SandboxHttpError(httpStatus, body(described), described.description, {
          code: described.code,
          cause: error,
        }),
      );
    });
}

/** Reads an XML body as text, whatever Content-Type the client sent (Bandwidth is lenient there). */
export function xmlBody(responseRoot: string): RequestHandler {
  return withBodyErrors(express.text({ type: () => true, limit: XML_BODY_LIMIT }), XML_BODY_LIMIT, (error) =>
    responseStatusBody(responseRoot, error),
  );
}

/** Reads a raw file body (an LOA) as a Buffer. */
export function rawBody(limit: string, body: ErrorBody): RequestHandler {
  return withBodyErrors(express.raw({ type: () => true, limit }), limit, body);
}

/** The absolute URL of a resource under the account the request addressed, for `Location` headers. */
export function accountResourceUrl(req: Request, ...segments: string[]): string {
  const base = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
  return [base, ...segments.map(encodeURIComponent)].join('/');
}
