import { json, Router, type RequestHandler } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { problem, type Problem } from '../api/problem.js';
import { codecSessionRoutes, requireApiKeyOrSession, type CodecSessions } from './codec-session.js';
import { PayloadCodecError } from './encryption-codec.js';

/** A history event's payloads are far below this; Temporal itself caps a payload at 2 MB by default. */
export const MAX_CODEC_BODY_BYTES = 4 * 1024 * 1024;

/** What the Web UI and the `temporal` CLI send: the body type, their bearer token, the namespace. */
const ALLOWED_HEADERS = 'content-type, authorization, x-namespace';

export interface CodecRoutesOptions {
  codec: PayloadCodec;
  /** The API's keys; the routes are open when empty, like the rest of the API. */
  apiKeys: readonly string[];
  /** Web UI origins allowed to call from a browser, e.g. `http://127.0.0.1:8233`. */
  corsOrigins: readonly string[];
  /**
   * Web UI sessions (`/codec/session`): what the UI can send instead of an API key, a cookie
   * carried with "include cross-origin credentials". Absent: API keys only.
   */
  sessions?: CodecSessions;
  maxBodyBytes?: number;
}

/** One payload in protobuf's JSON mapping: bytes fields are base64 strings. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * Temporal's codec-server protocol, to be mounted at `/codec`: `POST /codec/decode` and
 * `POST /codec/encode` take and return `{"payloads": [...]}`. It lets the Web UI and
 * `temporal --codec-endpoint` show decrypted payloads to operators, while the keys stay here.
 */
export function codecRoutes(options: CodecRoutesOptions): Router {
  const router = Router();
  // CORS first: a browser's preflight carries no credentials, and a 401 must still be readable.
  router.use(codecCors(options.corsOrigins));
  if (options.sessions)
    router.use('/session', codecSessionRoutes({ apiKeys: options.apiKeys, sessions: options.sessions }));
  const authenticate = requireApiKeyOrSession(options.apiKeys, options.sessions);
  const body = json({
    limit: options.maxBodyBytes ?? MAX_CODEC_BODY_BYTES,
    type: ['application/json', 'application/*+json'],
  });

  const convert =
    (direction: 'encode' | 'decode'): RequestHandler =>
    async (req, res) => {
      if (!req.is(['application/json', 'application/*+json'])) {
        throw problem(
          415,
          'unsupported-media-type',
          'Unsupported media type',
          'Send the payloads as Content-Type: application/json.',
        );
      }
      const payloads = parsePayloadsBody(req.body);
      let converted: Payload[];
      try {
        converted = await options.codec[direction](payloads);
      } catch (error) {
        if (error instanceof PayloadCodecError) {
          throw problem(422, 'payload-not-decodable', 'Payload cannot be decoded', `${error.code}: ${error.message}`);
        }
        throw error;
      }
      // Decoded payloads carry subscriber data: no cache may keep them.
      res.set('Cache-Control', 'no-store').json({ payloads: converted.map(toJsonPayload) });
    };

  router.post('/encode', authenticate, body, convert('encode'));
  router.post('/decode', authenticate, body, convert('decode'));
  return router;
}

/** Only the listed origins get CORS headers; a browser request from any other is refused. */
function codecCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map(normalizeOrigin));
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined) return next(); // not a browser's cross-origin call (CLI, curl, same origin)
    // A page of this service itself (the /codec/session sign-in form posting back).
    if (origin === `${req.protocol}://${req.get('host')}`) return next();
    if (!allowed.has(origin)) {
      return next(
        problem(
          403,
          'origin-not-allowed',
          'Origin not allowed',
          `${origin} is not an allowed origin for the codec endpoint.`,
        ),
      );
    }
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    if (req.method !== 'OPTIONS') return next();
    res.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.set('Access-Control-Max-Age', '600');
    // Chrome's Private Network Access: a UI served from a public address calling this one.
    if (req.get('access-control-request-private-network') === 'true')
      res.set('Access-Control-Allow-Private-Network', 'true');
    res.status(204).end();
  };
}

/** `http://Host:8233/` and `http://host:8233` are one origin; a browser sends the latter. */
function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch (cause) {
    throw new Error(`codec CORS origin ${JSON.stringify(origin)} is not a URL`, { cause });
  }
}

// Standard or URL-safe alphabet, padding optional: protobuf's JSON parsers accept all of these.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function decodeBase64(value: unknown, path: string, errors: NonNullable<Problem['errors']>): Uint8Array | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    errors.push({ path, message: 'must be a base64 string' });
    return undefined;
  }
  return Buffer.from(value, 'base64');
}

function parsePayloadsBody(body: unknown): Payload[] {
  const list = isObject(body) ? body.payloads : undefined;
  if (!Array.isArray(list)) {
    throw problem(
      400,
      'malformed-body',
      'Malformed request body',
      'Expected {"payloads": [{"metadata": {...}, "data": "<base64>"}]}.',
      [{ path: 'payloads', message: 'must be an array' }],
    );
  }
  const errors: NonNullable<Problem['errors']> = [];
  const payloads = list.map((item: unknown, index): Payload => {
    const at = `payloads[${index}]`;
    if (!isObject(item)) {
      errors.push({ path: at, message: 'must be an object' });
      return {};
    }
    const metadata: Record<string, Uint8Array> = {};
    if (item.metadata !== undefined && item.metadata !== null) {
      if (!isObject(item.metadata))
        errors.push({ path: `${at}.metadata`, message: 'must be an object of base64 strings' });
      else {
        for (const [key, value] of Object.entries(item.metadata)) {
          const bytes = decodeBase64(value, `${at}.metadata.${key}`, errors);
          if (bytes) metadata[key] = bytes;
        }
      }
    }
    return { metadata, data: decodeBase64(item.data, `${at}.data`, errors) ?? new Uint8Array() };
  });
  if (errors.length > 0)
    throw problem(
      400,
      'malformed-body',
      'Malformed request body',
      'Some payloads are not in protobuf JSON form.',
      errors,
    );
  return payloads;
}

function toJsonPayload(payload: Payload): JsonPayload {
  const base64 = (bytes: Uint8Array) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const metadata = Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, base64(value)]),
  );
  // Protobuf's JSON form leaves out empty bytes, as Temporal's own codec servers do.
  return payload.data && payload.data.byteLength > 0 ? { metadata, data: base64(payload.data) } : { metadata };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
