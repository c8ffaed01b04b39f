import type { RequestHandler } from 'express';
import type { FaultEndpoint } from './fault-config.js';

/**
 * One call to the imitated API, as `GET /_sandbox/requests` shows it. Credentials and tokens
 * never appear: only how the caller authenticated and which issued token (by number) it used.
 */
export interface LoggedRequest {
  /** When the request arrived, epoch milliseconds. */
  receivedAtMs: number;
  method: string;
  /** The path, without the query string. */
  path: string;
  /** The fault-API name of the endpoint, when the request reached one. */
  endpoint?: FaultEndpoint;
  /** The answer's status; 0 when none was sent (the connection was cut, as a hang fault does). */
  status: number;
  auth: 'basic' | 'bearer' | 'none' | 'other';
  /** Which token (1 = the first the sandbox issued) a Bearer call presented, when it was valid. */
  tokenSerial?: number;
  /** The `X-RateLimit-Reset` header (epoch seconds) sent with a 429. */
  rateLimitReset?: string;
}

/** Enough for a long test run; the oldest entries go first. */
export const MAX_LOGGED_REQUESTS = 10_000;

/** Where the sandbox's middleware leave what the log needs. */
export interface RequestLogLocals {
  endpoint?: FaultEndpoint;
  tokenSerial?: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly nowMs: () => number) {}

  /** Middleware recording every request it sees once its answer has gone out (or never will). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const receivedAtMs = this.nowMs();
      const scheme = /^\s*(\w+)/.exec(req.get('authorization') ?? '')?.[1]?.toLowerCase();
      const auth: LoggedRequest['auth'] =
        scheme === undefined ? 'none' : scheme === 'basic' || scheme === 'bearer' ? scheme : 'other';
      res.on('close', () => {
        const locals = res.locals as RequestLogLocals;
        const reset = res.getHeader('x-ratelimit-reset');
        this.add({
          receivedAtMs,
          method: req.method,
          path: req.originalUrl.split('?')[0] ?? req.originalUrl,
          ...(locals.endpoint ? { endpoint: locals.endpoint } : {}),
          status: res.writableFinished ? res.statusCode : 0,
          auth,
          ...(locals.tokenSerial !== undefined ? { tokenSerial: locals.tokenSerial } : {}),
          ...(reset !== undefined ? { rateLimitReset: String(reset) } : {}),
        });
      });
      next();
    };
  }

  private add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOGGED_REQUESTS) this.entries.splice(0, this.entries.length - MAX_LOGGED_REQUESTS);
  }

  list(): LoggedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
