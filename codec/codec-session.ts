import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Router, urlencoded, type RequestHandler } from 'express';
import { secretsEqual } from '../api/auth.js';
import { problem } from '../api/problem.js';

/**
 * Web UI sessions for the codec endpoint. The Temporal Web UI cannot send an API key to a codec
 * server: it sends either the access token of its own OIDC login or, with "include cross-origin
 * credentials" (`TEMPORAL_CODEC_INCLUDE_CREDENTIALS`), the browser's cookies for the codec's
 * site. hostflow takes the second: an operator signs in once at `/codec/session` with an API key,
 * and gets an HttpOnly, SameSite=Strict cookie scoped to `/codec` that the UI's decode calls then
 * carry. No identity provider is needed, the same API keys stay the one credential, and removing
 * a key from API_KEYS ends the sessions made with it.
 *
 * A session token is `v1.<expiry>.<key fingerprint>.<HMAC-SHA256>`, signed with a key every API
 * instance derives from the payload key: stateless, so any instance accepts it.
 */
export const CODEC_SESSION_COOKIE = 'hostflow_codec_session';

export interface CodecSessions {
  /** A session for this API key, or undefined when the key is not one of the configured ones. */
  issue(apiKey: string, now?: number): { token: string; expiresAt: Date } | undefined;
  /** Whether a token (from the cookie) is a live session of a key that is still configured. */
  verify(token: string, now?: number): boolean;
  readonly ttlMs: number;
}

const fingerprint = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex').slice(0, 16);

export function createCodecSessions(options: {
  /** 32 bytes, the same on every API instance (derived from the payload key). */
  signingKey: Buffer;
  apiKeys: readonly string[];
  ttlMs: number;
}): CodecSessions {
  const sign = (body: string) => createHmac('sha256', options.signingKey).update(body).digest('base64url');
  const liveFingerprints = () => new Set(options.apiKeys.map(fingerprint));
  return {
    ttlMs: options.ttlMs,
    issue(apiKey, now = Date.now()) {
      // Compare against every key so the time taken does not tell which one nearly matched.
      const matches = options.apiKeys.map((key) => secretsEqual(apiKey, key));
      if (!matches.includes(true)) return undefined;
      const expires = Math.floor((now + options.ttlMs) / 1_000);
      const body = `v1.${expires}.${fingerprint(apiKey)}`;
      return { token: `${body}.${sign(body)}`, expiresAt: new Date(expires * 1_000) };
    },
    verify(token, now = Date.now()) {
      const match = /^(v1\.(\d{1,12})\.([0-9a-f]{16}))\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return false;
      const [, body, expires, print, signature] = match;
      const expected = Buffer.from(sign(body!));
      const given = Buffer.from(signature!);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      return Number(expires) * 1_000 > now && liveFingerprints().has(print!);
    },
  };
}

/** The session token from a request's Cookie header, if it has one. */
export function sessionTokenOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CODEC_SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** `Authorization: Bearer <API key>`, or a live codec session cookie; open when no keys are configured. */
export function requireApiKeyOrSession(
  apiKeys: readonly string[],
  sessions: CodecSessions | undefined,
): RequestHandler {
  return (req, res, next) => {
    if (apiKeys.length === 0) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (bearer !== undefined && apiKeys.map((key) => secretsEqual(bearer, key)).includes(true)) return next();
    const token = sessionTokenOf(req.get('cookie'));
    if (token !== undefined && sessions?.verify(token)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="hostflow"');
    next(
      problem(
        401,
        'unauthorized',
        'Unauthorized',
        'Send Authorization: Bearer <API key>, or sign in at /codec/session for a Web UI session.',
      ),
    );
  };
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
input,button{font:inherit;padding:.4rem .6rem}input{width:100%;box-sizing:border-box;margin:.5rem 0 1rem}
code{background:#f3f4f6;padding:0 .25rem}</style></head>
<body><h1>${title}</h1>${body}</body></html>`;

/**
 * `/codec/session`: the sign-in page (GET), signing in (POST, a form with `apiKey` or
 * `Authorization: Bearer`), signing out (`POST /codec/session/end`). Only same-origin forms and
 * API clients reach it: a browser call from any other origin is refused by the codec's CORS gate.
 */
export function codecSessionRoutes(options: {
  apiKeys: readonly string[];
  sessions: CodecSessions;
  /** Sets the cookie's Secure flag (HTTPS deployments); else decided per request. */
  secure?: boolean;
}): Router {
  const router = Router();
  const form = urlencoded({ extended: false, limit: '4kb' });
  const html = (res: Parameters<RequestHandler>[1], status: number, text: string) =>
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .type('html')
      .send(text);
  const hours = Math.round((options.sessions.ttlMs / 3_600_000) * 10) / 10;

  router.get('/', (req, res) => {
    const signedIn = options.sessions.verify(sessionTokenOf(req.get('cookie')) ?? '');
    html(
      res,
      200,
      page(
        'hostflow — decode payloads in the Temporal Web UI',
        (signedIn
          ? '<p id="status">This browser is signed in: the Web UI decodes payloads through this codec endpoint.</p>'
          : `<p id="status">Sign in with a hostflow API key. This browser then keeps a session for ${hours} h, which the Temporal Web UI sends with its decode calls (with "include cross-origin credentials" on).</p>`) +
          '<form method="post" action="session"><label for="apiKey">API key</label>' +
          '<input id="apiKey" name="apiKey" type="password" autocomplete="current-password" required>' +
          '<button type="submit">Sign in</button></form>' +
          '<form method="post" action="session/end"><button type="submit">Sign out</button></form>',
      ),
    );
  });

  router.post('/', form, (req, res, next) => {
    if (options.apiKeys.length === 0) {
      return next(
        problem(409, 'codec-open', 'No API keys configured', 'The codec endpoint is open: no session needed.'),
      );
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    const fromForm = typeof (req.body as { apiKey?: unknown } | undefined)?.apiKey === 'string';
    const given = bearer ?? (fromForm ? String((req.body as { apiKey: string }).apiKey).trim() : undefined);
    const session = given ? options.sessions.issue(given) : undefined;
    if (!session) {
      if (fromForm) return html(res, 401, page('Not signed in', '<p id="status">That is not a valid API key.</p>'));
      res.set('WWW-Authenticate', 'Bearer realm="hostflow"');
      return next(problem(401, 'unauthorized', 'Unauthorized', 'Send Authorization: Bearer <API key>.'));
    }
    const secure = options.secure ?? (req.secure || req.get('x-forwarded-proto') === 'https');
    res.cookie(CODEC_SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/codec',
      expires: session.expiresAt,
    });
    if (!fromForm) return res.set('Cache-Control', 'no-store').json({ expiresAt: session.expiresAt.toISOString() });
    html(
      res,
      200,
      page(
        'Signed in',
        `<p id="status">Signed in until ${session.expiresAt.toISOString()}. Go back to the Temporal Web UI: payloads decode there.</p>`,
      ),
    );
  });

  router.post('/end', (_req, res) => {
    res.clearCookie(CODEC_SESSION_COOKIE, { path: '/codec', httpOnly: true, sameSite: 'strict' });
    html(res, 200, page('Signed out', '<p id="status">This browser has no codec session any more.</p>'));
  });
  return router;
}
