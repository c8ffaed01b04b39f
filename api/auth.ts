import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { problem } from './problem.js';

/** Equal-time comparison of secrets of any length (hashing first hides the length too). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <key>` with one of the configured keys; open when none are configured. */
export function requireApiKey(apiKeys: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (apiKeys.length === 0) return next();
    const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    const given = match?.[1]?.trim();
    // Compare against every key so the time taken does not tell which one nearly matched.
    const ok = given !== undefined && apiKeys.map((key) => secretsEqual(given, key)).includes(true);
    if (ok) return next();
    res.set('WWW-Authenticate', 'Bearer realm="hostflow"');
    next(problem(401, 'unauthorized', 'Unauthorized', 'Send Authorization: Bearer <API key>.'));
  };
}

/**
 * Bandwidth's callback authentication: it first calls without credentials and sends them only
 * after a `401` carrying a Basic challenge, so the challenge is part of the protocol.
 */
export function requireBasicCallbackAuth(
  credentials: { username: string; password: string } | undefined,
): RequestHandler {
  return (req, res, next) => {
    if (!credentials) return next();
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.get('authorization') ?? '');
    if (match?.[1]) {
      const decoded = Buffer.from(match[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
      const pass = colon >= 0 ? decoded.slice(colon + 1) : '';
      const userOk = secretsEqual(user, credentials.username);
      const passOk = secretsEqual(pass, credentials.password);
      if (userOk && passOk) return next();
    }
    res.set('WWW-Authenticate', 'Basic realm="hostflow-webhooks", charset="UTF-8"');
    next(problem(401, 'unauthorized', 'Unauthorized', 'Callback credentials are required.'));
  };
}
