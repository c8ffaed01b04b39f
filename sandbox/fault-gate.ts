import type { Socket } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AUTH_REALM, OAUTH_REALM } from './auth.js';
import { errors, RESOURCE_DOES_NOT_EXIST } from './error-codes.js';
import { responseStatusBody } from './errors.js';
import { el } from './xml-build.js';
import type { FaultEndpoint } from './fault-config.js';
import type { FaultInjector } from './faults.js';
import type { RequestLogLocals } from './request-log.js';
import { sendXml } from './xml-response.js';

/**
 * Requests a fault is holding back (latency or a hang). `close()` cuts them off so a stopping
 * sandbox does not wait the full hang.
 */
export class HeldRequests {
  private readonly held = new Map<Socket, NodeJS.Timeout>();

  hold(res: Response, ms: number, then: () => void): void {
    const socket = res.req.socket;
    const timer = setTimeout(() => {
      this.held.delete(socket);
      then();
    }, ms);
    this.held.set(socket, timer);
    res.on('close', () => {
      clearTimeout(timer);
      this.held.delete(socket);
    });
  }

  releaseAll(): void {
    for (const [socket, timer] of this.held) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.held.clear();
  }
}

/**
 * Middleware in front of an endpoint that injects the configured faults: 429 rate limiting, added
 * latency, error answers (nothing done) and hangs (no answer, then the connection is cut).
 */
export function faultGate(
  endpoint: FaultEndpoint,
  faults: FaultInjector,
  held: HeldRequests,
  now: () => number,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    (res.locals as RequestLogLocals).endpoint = endpoint;
    const limit = faults.rateLimit(endpoint, now());
    if (limit.limited) {
      // Bandwidth answers 429 with an empty body and the window's end in epoch seconds.
      res
        .status(429)
        .set('X-RateLimit-Reset', String(Math.ceil(limit.resetAtMs / 1000)))
        .end();
      return;
    }
    const decision = faults.endpoint(endpoint);
    const act = (): void => {
      switch (decision.kind) {
        case 'pass':
          next();
          return;
        case 'error':
          sendFaultError(res, endpoint, decision.status);
          return;
        case 'hang':
          held.hold(res, decision.hangMs, () => req.socket.destroy());
          return;
      }
    };
    if (decision.latencyMs > 0) held.hold(res, decision.latencyMs, act);
    else act();
  };
}

/**
 * An injected error answered the way Bandwidth answers that status: a 401 challenges and denies
 * access (1001), a 404 has no code, other 4xx are a bad request (1019), 5xx an internal error
 * (1000). The token endpoint answers in OAuth2's JSON instead.
 */
function sendFaultError(res: Response, endpoint: FaultEndpoint, status: number): void {
  if (endpoint === 'token') {
    if (status === 401) res.set('WWW-Authenticate', `Basic realm="${OAUTH_REALM}"`);
    const error = status === 401 ? 'invalid_client' : status >= 500 ? 'server_error' : 'invalid_request';
    res.status(status).json({ error, error_description: `Injected fault (HTTP ${status}).` });
    return;
  }
  if (status === 401) res.set('WWW-Authenticate', `Basic realm="${AUTH_REALM}"`);
  if (status === 404) {
    sendXml(res, 404, el('ErrorResponse', el('ResponseStatus', el('Description', RESOURCE_DOES_NOT_EXIST))));
    return;
  }
  const error =
    status === 401 || status === 403
      ? errors.accessDenied()
      : status < 500
        ? errors.badRequest(`(HTTP ${status})`)
        : errors.internalError();
  sendXml(res, status, responseStatusBody('ErrorResponse', error));
}
