import type { Express } from 'express';
import { createSandboxApp } from './app.js';
import type { SandboxContext } from './context.js';
import { dialectNamed, type DialectName } from './dialect.js';
import type { FaultConfigInput } from './fault-config.js';
import { faultGate, HeldRequests } from './fault-gate.js';
import { FaultInjector, type FaultsView } from './faults.js';
import { loseNumber, type LoseOutcome } from './messaging-lost.js';
import {
  isEndStatus,
  type NotificationDelivery,
  type SandboxOrderView,
  type SandboxRemovalView,
  type SandboxTnOptionView,
} from './model.js';
import { Notifier } from './notifier.js';
import { TokenIssuer, type IssuedToken } from './oauth-tokens.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import { OrderLifecycle } from './order-lifecycle.js';
import { loadStateFile, StateFileWriter } from './persistence.js';
import { RequestLog, type LoggedRequest } from './request-log.js';
import { orderView, removalView, tnOptionView } from './routes/inspection.js';
import { SandboxStore } from './store.js';
import { TimerRegistry } from './timers.js';

export interface Sandbox {
  /** The HTTP surface; it does not listen (see `startSandbox`). */
  app: Express;
  accountId: string;
  /** How its answers are worded. */
  dialect: DialectName;
  /** Same as `GET /_sandbox/orders`. */
  orders(): SandboxOrderView[];
  /** Same as `GET /_sandbox/removals`. */
  removals(): SandboxRemovalView[];
  /** Same as `GET /_sandbox/tnoptions`. */
  tnOptions(): SandboxTnOptionView[];
  /** Same as `POST /_sandbox/numbers/{tn}/lose`: a MESSAGING_LOST event for a hosted number. */
  loseNumber(tn: string): LoseOutcome;
  /** Every callback attempt made (and, with faults, deliberately not made). */
  notifications(): NotificationDelivery[];
  /** Same as `GET /_sandbox/requests`: every call to the imitated API, oldest first. */
  requests(): LoggedRequest[];
  /** Same as `GET /_sandbox/tokens`: every OAuth2 token issued (never the token itself). */
  tokens(): IssuedToken[];
  /** Same as `PUT /_sandbox/faults`; throws FaultConfigError when invalid. */
  setFaults(config: FaultConfigInput): FaultsView;
  /** Same as `GET /_sandbox/faults`. */
  faults(): FaultsView;
  /** Same as `DELETE /_sandbox/faults`. */
  clearFaults(): void;
  /** Forgets orders, subscriptions, callbacks, faults and the request log. */
  reset(): void;
  /** Cancels timers, cuts off held requests, waits for in-flight callbacks and saves the state file. */
  close(): Promise<void>;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const settings = resolveOptions(options);
  const now = () => new Date();
  const store = new SandboxStore();
  const snapshot = settings.stateFile ? loadStateFile(settings.stateFile) : undefined;
  if (snapshot) store.restore(snapshot);
  const timers = new TimerRegistry();
  const held = new HeldRequests();
  const faults = new FaultInjector(() => Date.now());
  const tokens = new TokenIssuer(settings.oauthClient, () => Date.now());
  const requests = new RequestLog(() => Date.now());
  const dialect = dialectNamed(settings.dialect);
  const notifier = new Notifier({
    store,
    faults,
    dialect,
    callbackTimeoutMs: settings.callbackTimeoutMs,
    logger: settings.logger,
  });
  const lifecycle = new OrderLifecycle({
    store,
    notifier,
    faults,
    timers,
    stepDelayMs: () => faults.stepDelayMs() ?? settings.stepDelayMs,
    now,
    logger: settings.logger,
  });
  const writer = settings.stateFile
    ? new StateFileWriter(settings.stateFile, () => store.snapshot(), settings.logger)
    : undefined;
  if (writer) store.onChange(() => writer.schedule());

  const reset = (): void => {
    timers.clear();
    held.releaseAll();
    faults.reset();
    requests.clear();
    store.clear();
  };
  const context: SandboxContext = {
    options: settings,
    store,
    lifecycle,
    notifier,
    faults,
    tokens,
    dialect,
    requests,
    gate: (endpoint) => faultGate(endpoint, faults, held, () => Date.now()),
    now,
    reset,
  };
  const app = createSandboxApp(context);

  // Orders a previous run left mid-way carry on from where they stood.
  for (const order of [
    ...store.importOrders.values(),
    ...store.removalOrders.values(),
    ...store.tnOptionOrders.values(),
  ]) {
    if (!isEndStatus(order.processingStatus)) lifecycle.schedule(order);
  }
  if (snapshot)
    settings.logger(
      `loaded ${store.importOrders.size} import order(s) and ${store.subscriptions.size} subscription(s) from ${settings.stateFile}`,
    );

  return {
    app,
    accountId: settings.accountId,
    dialect: settings.dialect,
    orders: () => [...store.importOrders.values()].map(orderView),
    removals: () => [...store.removalOrders.values()].map(removalView),
    tnOptions: () => [...store.tnOptionOrders.values()].map(tnOptionView),
    loseNumber: (tn) => loseNumber(context, tn),
    notifications: () => structuredClone(store.deliveries),
    requests: () => requests.list(),
    tokens: () => tokens.issued(),
    setFaults: (config) => faults.configure(config),
    faults: () => faults.view(),
    clearFaults: () => faults.clear(),
    reset,
    async close() {
      timers.clear();
      held.releaseAll();
      await notifier.idle();
      await writer?.flush();
    },
  };
}
