import type { Socket } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { errors } from './error-codes.js';
import { responseStatusBody } from './errors.js';
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
          sendXml(res, decision.status, responseStatusBody('ErrorResponse', errors.internalError(decision.status)));
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
