import type { ProcessingStatus, SandboxOrder } from './model.js';
import type { NotificationContent } from './notification-body.js';
import type { Notifier } from './notifier.js';
import { failureNote, statusMessage } from './order-messages.js';
import type { SandboxStore } from './store.js';
import { groupFailures, importFailure } from './telephone-numbers.js';
import { errors as bandwidthErrors } from './error-codes.js';
import type { TimerRegistry } from './timers.js';

export interface OrderLifecycleDeps {
  store: SandboxStore;
  notifier: Notifier;
  timers: TimerRegistry;
  /** The delay of each step, read when the step is scheduled (faults may change it). */
  stepDelayMs: () => number;
  now: () => Date;
  logger: (line: string) => void;
}

const SYSTEM_AUTHOR = 'System';

/**
 * Moves orders RECEIVED → PROCESSING → end on their own, one step delay apart, and notifies the
 * subscribers when an order ends. The outcome is decided at the last step, from the numbers:
 * imports fail 410 numbers (19006) and numbers ending 9999 (7518); removals fail numbers that are
 * not hosted (5158).
 */
export class OrderLifecycle {
  constructor(private readonly deps: OrderLifecycleDeps) {}

  /** Schedules the next step of an order that is not at its end (new or loaded from a state file). */
  schedule(order: SandboxOrder): void {
    if (order.processingStatus === 'RECEIVED') {
      this.deps.timers.after(this.deps.stepDelayMs(), () => {
        this.toProcessing(order);
        this.schedule(order);
      });
    } else if (order.processingStatus === 'PROCESSING') {
      this.deps.timers.after(this.deps.stepDelayMs() + (order.extraDelayMs ?? 0), () => void this.toEnd(order));
    }
  }

  /** Runs the order to its end now and resolves once its callbacks are done (the `early` fault). */
  async runToEnd(order: SandboxOrder, early: boolean): Promise<void> {
    if (order.processingStatus === 'RECEIVED') this.toProcessing(order);
    await this.toEnd(order, early);
  }

  private record(order: SandboxOrder, status: ProcessingStatus, author: string): void {
    const date = this.deps.now().toISOString();
    order.processingStatus = status;
    order.lastModifiedDate = date;
    order.history.push({ date, note: statusMessage(order, status), author, status: status.toLowerCase() });
    this.deps.store.changed();
    this.deps.logger(`order ${order.orderId} (${order.kind}) ${status}`);
  }

  private toProcessing(order: SandboxOrder): void {
    this.record(order, 'PROCESSING', SYSTEM_AUTHOR);
  }

  private toEnd(order: SandboxOrder, early = false): Promise<void> {
    if (order.processingStatus !== 'PROCESSING') return Promise.resolve();
    const failures = order.kind === 'import' ? this.finishImport(order) : this.finishRemoval(order);
    order.errors = groupFailures(failures);
    const failed = failures.length;
    const status: ProcessingStatus =
      failed === 0 ? 'COMPLETE' : failed === order.telephoneNumbers.length ? 'FAILED' : 'PARTIAL';
    this.record(order, status, SYSTEM_AUTHOR);
    const processing = order.history.find((entry) => entry.status === 'processing');
    const terminal: NotificationContent = {
      status,
      message: statusMessage(order, status),
      note: failureNote(order),
      lastModifiedDate: order.lastModifiedDate,
    };
    const stale: NotificationContent = {
      status: 'PROCESSING',
      message: statusMessage(order, 'PROCESSING'),
      note: '',
      lastModifiedDate: processing?.date ?? order.orderCreateDate,
    };
    return this.deps.notifier.orderEnded(order, terminal, stale, early);
  }

  private finishImport(order: SandboxOrder) {
    const failures = order.telephoneNumbers.flatMap((tn) => {
      const error = importFailure(tn);
      return error ? [{ tn, error }] : [];
    });
    const failedNumbers = new Set(failures.map((failure) => failure.tn));
    for (const tn of order.telephoneNumbers) if (!failedNumbers.has(tn)) this.deps.store.hostedNumbers.add(tn);
    return failures;
  }

  private finishRemoval(order: SandboxOrder) {
    const failures = order.telephoneNumbers.flatMap((tn) =>
      this.deps.store.hostedNumbers.has(tn) ? [] : [{ tn, error: bandwidthErrors.notPreviouslyImported() }],
    );
    for (const tn of order.telephoneNumbers) this.deps.store.hostedNumbers.delete(tn);
    return failures;
  }
}
