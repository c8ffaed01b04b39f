import { errors as bandwidthErrors, type BandwidthError } from './error-codes.js';
import type { FaultInjector } from './faults.js';
import type { ProcessingStatus, SandboxOrder } from './model.js';
import type { NotificationContent } from './notification-body.js';
import type { Notifier } from './notifier.js';
import { failureNote, processingNote, statusMessage } from './order-messages.js';
import type { SandboxStore } from './store.js';
import { groupFailures, importFailure } from './telephone-numbers.js';
import type { TimerRegistry } from './timers.js';
import { settleTnOptionOrder } from './tn-option-outcome.js';

export interface OrderLifecycleDeps {
  store: SandboxStore;
  notifier: Notifier;
  faults: FaultInjector;
  timers: TimerRegistry;
  /** The delay of each step, read when the step is scheduled (faults may change it). */
  stepDelayMs: () => number;
  now: () => Date;
  logger: (line: string) => void;
}

const SYSTEM_AUTHOR = 'System';

type Failures = Array<{ tn: string; error: BandwidthError }>;

/**
 * Moves orders RECEIVED → PROCESSING → end on their own, one step delay apart, and notifies the
 * subscribers when an order ends. The outcome is decided at the last step, from the numbers:
 * imports fail 410 numbers (19006) and numbers ending 9999 (7518); removals fail numbers that are
 * not hosted (5158); TN option orders fail numbers per `settleTnOptionOrder`. Faults may add a
 * PROCESSING notification and a note-only one as an order starts processing; they always reach a
 * receiver before the order's terminal notification.
 */
export class OrderLifecycle {
  /** Notifications sent on the way, per order: the terminal one waits for them. */
  private readonly underway = new Map<string, Promise<void>>();

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

  /**
   * Adds a note to an order (its history shows it) and sends every subscriber a note-only
   * notification. Resolves once those callbacks are done.
   */
  addNote(order: SandboxOrder, note: string, author = SYSTEM_AUTHOR): Promise<void> {
    const date = this.deps.now().toISOString();
    order.lastModifiedDate = date;
    order.history.push({ date, note, author, status: order.processingStatus.toLowerCase() });
    this.deps.store.changed();
    return this.underwayFor(order, () => this.deps.notifier.orderNoted(order, note, date));
  }

  /** Starts `send` once the order's earlier notifications on the way are done: receivers get them in order. */
  private underwayFor(order: SandboxOrder, send: () => Promise<void>): Promise<void> {
    const previous = this.underway.get(order.orderId) ?? Promise.resolve();
    const next = previous.then(send);
    this.underway.set(order.orderId, next);
    return next;
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
    if (this.deps.faults.processingNotification()) {
      const content = {
        status: 'PROCESSING',
        message: statusMessage(order, 'PROCESSING'),
        note: '',
        lastModifiedDate: order.lastModifiedDate,
      };
      void this.underwayFor(order, () => this.deps.notifier.orderProgressed(order, content));
    }
    if (this.deps.faults.noteNotification()) void this.addNote(order, processingNote(order));
  }

  private async toEnd(order: SandboxOrder, early = false): Promise<void> {
    if (order.processingStatus !== 'PROCESSING') return;
    const failures = this.finish(order);
    order.errors = groupFailures(failures);
    const failed = new Set(failures.map((failure) => failure.tn)).size;
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
    await this.underway.get(order.orderId);
    this.underway.delete(order.orderId);
    await this.deps.notifier.orderEnded(order, terminal, stale, early);
  }

  private finish(order: SandboxOrder): Failures {
    switch (order.kind) {
      case 'import':
        return this.finishImport(order);
      case 'removal':
        return this.finishRemoval(order);
      case 'tnOption':
        return settleTnOptionOrder(order, this.deps.store);
    }
  }

  private finishImport(order: SandboxOrder): Failures {
    const failures = order.telephoneNumbers.flatMap((tn) => {
      const error = importFailure(tn);
      return error ? [{ tn, error }] : [];
    });
    const failedNumbers = new Set(failures.map((failure) => failure.tn));
    for (const tn of order.telephoneNumbers) if (!failedNumbers.has(tn)) this.deps.store.hostedNumbers.add(tn);
    return failures;
  }

  private finishRemoval(order: SandboxOrder): Failures {
    const failures = order.telephoneNumbers.flatMap((tn) =>
      this.deps.store.hostedNumbers.has(tn) ? [] : [{ tn, error: bandwidthErrors.notPreviouslyImported() }],
    );
    for (const tn of order.telephoneNumbers) {
      this.deps.store.hostedNumbers.delete(tn);
      this.deps.store.numberOptions.delete(tn);
    }
    return failures;
  }
}
