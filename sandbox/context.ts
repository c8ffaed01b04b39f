import type { RequestHandler } from 'express';
import type { Dialect } from './dialect.js';
import type { FaultEndpoint } from './fault-config.js';
import type { FaultInjector } from './faults.js';
import type { Notifier } from './notifier.js';
import type { TokenIssuer } from './oauth-tokens.js';
import type { ResolvedSandboxOptions } from './options.js';
import type { OrderLifecycle } from './order-lifecycle.js';
import type { RequestLog } from './request-log.js';
import type { SandboxStore } from './store.js';

/** What the routes share: the state, the moving parts and the fault gate. */
export interface SandboxContext {
  options: ResolvedSandboxOptions;
  store: SandboxStore;
  lifecycle: OrderLifecycle;
  notifier: Notifier;
  faults: FaultInjector;
  tokens: TokenIssuer;
  /** How answers are worded (`options.dialect`). */
  dialect: Dialect;
  /** Every call to the imitated API, for `GET /_sandbox/requests`. */
  requests: RequestLog;
  /** Middleware injecting the configured faults in front of an endpoint. */
  gate: (endpoint: FaultEndpoint) => RequestHandler;
  now: () => Date;
  /** Forgets orders, subscriptions, callbacks, faults and the request log. */
  reset: () => void;
}
