import { log, upsertSearchAttributes } from '@temporalio/workflow';
import type { NumberRejection } from '../activities/types.js';
import { BandwidthOrderIdKey, HostingStatusKey } from './search-attributes.js';
import type {
  HostingRequestView,
  HostingStatus,
  LoaReference,
  LoaView,
  NumberOutcome,
  OrderStatus,
  OrderView,
} from './types.js';

const TRANSIENT_STATUSES = new Set<HostingStatus>(['ORDERING', 'UPLOADING_LOA']);

/** A fresh view: every number pending, no order yet. */
export function newView(init: {
  id: string;
  workflowId: string;
  status: HostingStatus;
  telephoneNumbers: readonly string[];
  loa?: LoaReference;
  createdAt: string;
  orders?: OrderView[];
}): HostingRequestView {
  return {
    id: init.id,
    workflowId: init.workflowId,
    status: init.status,
    orderId: null,
    orderStatus: null,
    numbers: init.telephoneNumbers.map((telephoneNumber) => ({ telephoneNumber, status: 'PENDING' })),
    loa: { status: init.loa ? 'PENDING' : 'NONE' },
    createdAt: init.createdAt,
    updatedAt: init.createdAt,
    orders: init.orders ?? [],
  };
}

/**
 * The request's view (the API's GET body) and the only code that changes it, so the status search
 * attribute and `updatedAt` always move together with what they describe.
 */
export class ViewState {
  private readonly byNumber: Map<string, NumberOutcome>;

  /** `onChange` hears every status or order change (a split request's parts report to their parent). */
  constructor(
    readonly view: HostingRequestView,
    private readonly onChange?: (view: HostingRequestView) => void,
  ) {
    this.byNumber = new Map(view.numbers.map((n) => [n.telephoneNumber, n]));
  }

  private touch(): void {
    this.view.updatedAt = new Date().toISOString();
  }

  setStatus(status: HostingStatus): void {
    if (this.view.status === status) return;
    this.view.status = status;
    this.touch();
    // ORDERING and UPLOADING_LOA last one Bandwidth call each; the search attribute skips them
    // (the view and the query do not), which saves two history events and two billable actions
    // on every request. Operators search by the states a request can sit in.
    if (!TRANSIENT_STATUSES.has(status)) upsertSearchAttributes([{ key: HostingStatusKey, value: status }]);
    log.info('hosting request status', { requestId: this.view.id, status, orderId: this.view.orderId });
    this.onChange?.(this.view);
  }

  /**
   * Records an order of the request (the first one is the request's `orderId`, and searchable).
   * A status change that comes with it goes into the same search-attribute upsert: one history
   * event instead of two.
   */
  setOrder(index: number, orderId: string | null, orderStatus: OrderStatus | null, status?: HostingStatus): void {
    const entry = this.view.orders[index];
    if (!entry) return;
    const changed =
      entry.orderId !== orderId ||
      entry.orderStatus !== orderStatus ||
      (status !== undefined && status !== this.view.status);
    const updates: Parameters<typeof upsertSearchAttributes>[0] = [];
    if (index === 0 && orderId && this.view.orderId !== orderId)
      updates.push({ key: BandwidthOrderIdKey, value: orderId });
    if (status !== undefined && status !== this.view.status) {
      this.view.status = status;
      updates.push({ key: HostingStatusKey, value: status });
    }
    entry.orderId = orderId;
    entry.orderStatus = orderStatus;
    if (index === 0) {
      this.view.orderId = orderId;
      this.view.orderStatus = orderStatus;
    }
    if (updates.length > 0) upsertSearchAttributes(updates);
    if (changed) {
      this.touch();
      this.onChange?.(this.view);
    }
  }

  setOutcome(numbers: readonly string[], outcome: Omit<NumberOutcome, 'telephoneNumber'>): void {
    for (const tn of numbers) {
      const entry = this.byNumber.get(tn);
      if (!entry) continue;
      delete entry.errorCode;
      delete entry.errorDescription;
      Object.assign(entry, outcome);
    }
    this.touch();
  }

  /** Per-number rejections; numbers left pending take the order-level error, if there is one. */
  rejectAll(numbers: readonly string[], rejections: readonly NumberRejection[]): void {
    for (const r of rejections) {
      if (r.telephoneNumbers.length > 0)
        this.setOutcome(r.telephoneNumbers, { status: 'FAILED', errorCode: r.code, errorDescription: r.description });
    }
    const orderLevel = rejections.find((r) => r.telephoneNumbers.length === 0) ?? rejections[0];
    const pending = numbers.filter((tn) => this.statusOf(tn) === 'PENDING');
    this.setOutcome(
      pending,
      orderLevel
        ? { status: 'FAILED', errorCode: orderLevel.code, errorDescription: orderLevel.description }
        : { status: 'FAILED' },
    );
  }

  statusOf(tn: string): NumberOutcome['status'] | undefined {
    return this.byNumber.get(tn)?.status;
  }

  numbersWith(status: NumberOutcome['status']): string[] {
    return this.view.numbers.filter((n) => n.status === status).map((n) => n.telephoneNumber);
  }

  setLoa(loa: LoaView): void {
    this.view.loa = loa;
    this.touch();
  }

  set<K extends 'cancelRequested' | 'removal'>(key: K, value: HostingRequestView[K]): void {
    this.view[key] = value;
    this.touch();
  }
}
