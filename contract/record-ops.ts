import type { PlannedOrder } from './order-plan.js';
import {
  HOSTING_STATUS_TRAITS,
  isTerminalOrderStatus,
  isTerminalStatus,
  orderStatusRank,
  type HostingStatus,
  type NumberStatus,
  type OrderStatus,
} from './statuses.js';
import type {
  Attention,
  HostingRequestView,
  LoaView,
  NumberOutcome,
  NumberRejection,
  OrderView,
  RemovalView,
  RequestFailure,
} from './view.js';

/**
 * What happened to a request, one fact at a time. The activity that learns a fact records it in
 * hostflow's database; the workflow applies the same op to its own view; both through
 * `applyRecordOp`, so the record and the workflow cannot tell different stories.
 *
 * Ops are idempotent (applying one twice changes nothing the second time) and never move a
 * request backwards: a late, stale write — a retried activity, an attempt that timed out but
 * still finished — cannot undo what a newer one recorded.
 *
 * `index` is the order's position in the request; for a single-order request it is 0.
 */
export type RecordOp =
  /** importTnChecker answered: rejected numbers, and the orders the importable ones make. */
  | { op: 'checked'; rejected: NumberRejection[]; orders: PlannedOrder[] }
  /**
   * Bandwidth refused the check (no `index`) or an order's create for good. `scope`: the numbers
   * concerned (default: all of the request's). `failure`: a reason of the request's own.
   */
  | { op: 'refused'; index?: number; scope?: string[]; rejections: NumberRejection[]; failure?: RequestFailure }
  | { op: 'orderCreated'; index: number; orderId: string; orderStatus: OrderStatus; telephoneNumbers: string[] }
  /** A read of the order; once it has ended, every number of it gets its outcome. */
  | {
      op: 'orderRead';
      index: number;
      orderId: string;
      orderStatus: OrderStatus;
      errors: NumberRejection[];
      /** The numbers Bandwidth lists on the order. */
      telephoneNumbers: string[];
    }
  /** An LOA was given (with the request or later). */
  | { op: 'loaGiven' }
  /** A late LOA that could not be handed to the request (it had ended): its LOA state as before. */
  | { op: 'loaRestored'; loa: LoaView; orders: Array<LoaView | undefined> }
  | { op: 'loaUploaded'; index: number; filename: string }
  | { op: 'loaRefused'; index: number; error: string }
  /** `withdrawn`: the request had ended, so the cancellation never reached it. */
  | { op: 'cancelRequested'; withdrawn?: boolean }
  /** Cancelled with nothing (left) to un-host: before the order, or when nothing was hosted. */
  | { op: 'cancelled'; index?: number; scope?: string[] }
  | { op: 'removal'; index: number; removal: RemovalView }
  | { op: 'attention'; attention: Attention | null }
  /** The request ended FAILED for a reason of its own (e.g. Temporal closed its workflow). */
  | { op: 'failed'; failure: RequestFailure }
  /** Hosted numbers ported away by another account (Bandwidth's MESSAGING_LOST event). */
  | { op: 'lost'; telephoneNumbers: string[] };

export type RecordOpName = RecordOp['op'];

const CANCELLED_BEFORE_ORDER = { errorCode: 'CANCELLED', errorDescription: 'Cancelled before the order was created.' };
const LOA_NOT_UPLOADED = 'Not uploaded: no order of this request completed.';
const LOST_DESCRIPTION = 'Ported away by another account (Bandwidth MESSAGING_LOST).';

/** A fresh view: every number pending, no order yet. */
export function newView(init: {
  id: string;
  workflowId: string;
  telephoneNumbers: readonly string[];
  hasLoa: boolean;
  createdAt: string;
}): HostingRequestView {
  return {
    id: init.id,
    workflowId: init.workflowId,
    status: 'CHECKING',
    orderId: null,
    orderStatus: null,
    numbers: init.telephoneNumbers.map((telephoneNumber) => ({ telephoneNumber, status: 'PENDING' })),
    loa: { status: init.hasLoa ? 'PENDING' : 'NONE' },
    createdAt: init.createdAt,
    updatedAt: init.createdAt,
    orders: [],
    attention: null,
  };
}

/** The request's status from its orders': the least advanced while any is under way, else the combined end. */
export function combineStatuses(statuses: readonly HostingStatus[]): HostingStatus {
  const running = statuses.filter((s) => !isTerminalStatus(s));
  if (running.length > 0) {
    return running.reduce((a, b) => (HOSTING_STATUS_TRAITS[b].rank < HOSTING_STATUS_TRAITS[a].rank ? b : a));
  }
  if (statuses.includes('CANCELLED')) return 'CANCELLED';
  if (statuses.every((s) => s === 'COMPLETE')) return 'COMPLETE';
  if (statuses.every((s) => s === 'FAILED')) return 'FAILED';
  return 'PARTIAL';
}

/** A split request's LOA from its orders': uploaded when all are, failed when one failed. */
export function combineLoas(loas: ReadonlyArray<LoaView | undefined>): LoaView {
  const known = loas.map((l) => l ?? { status: 'NONE' as const });
  if (known.length > 0 && known.every((l) => l.status === 'UPLOADED')) {
    return { status: 'UPLOADED', filename: known.map((l) => l.filename).join(',') };
  }
  const failed = known.find((l) => l.status === 'FAILED');
  if (failed) return failed;
  if (known.every((l) => l.status === 'NONE')) return { status: 'NONE' };
  return { status: 'PENDING' };
}

function combineRemovals(removals: RemovalView[]): RemovalView {
  const ended = ['COMPLETE', 'PARTIAL', 'FAILED'];
  const status = removals.every((r) => r.status === 'COMPLETE')
    ? 'COMPLETE'
    : (removals.find((r) => !ended.includes(r.status)) ?? removals.find((r) => r.status !== 'COMPLETE') ?? removals[0]!)
        .status;
  const combined: RemovalView = {
    orderId:
      removals
        .map((r) => r.orderId)
        .filter(Boolean)
        .join(',') || null,
    status,
    telephoneNumbers: removals.flatMap((r) => r.telephoneNumbers),
  };
  const error = removals.find((r) => r.error)?.error;
  if (error) combined.error = error;
  return combined;
}

/** Which number transitions a request allows: pending numbers get an outcome; hosted ones may leave. */
function mayBecome(from: NumberStatus, to: NumberStatus): boolean {
  if (from === 'PENDING') return true;
  if (from === 'HOSTED') return to === 'REMOVED' || to === 'LOST';
  return false;
}

/** Applies ops to a view in place. */
class ViewEditor {
  private readonly byNumber: Map<string, NumberOutcome>;

  constructor(readonly view: HostingRequestView) {
    this.byNumber = new Map(view.numbers.map((n) => [n.telephoneNumber, n]));
  }

  get split(): boolean {
    return this.view.orders.length > 1;
  }

  statusOf(tn: string): NumberStatus | undefined {
    return this.byNumber.get(tn)?.status;
  }

  setNumbers(numbers: Iterable<string>, outcome: Omit<NumberOutcome, 'telephoneNumber'>): void {
    for (const tn of numbers) {
      const entry = this.byNumber.get(tn);
      if (!entry || !mayBecome(entry.status, outcome.status)) continue;
      delete entry.errorCode;
      delete entry.errorDescription;
      Object.assign(entry, outcome);
    }
  }

  /** The numbers an op is about: `scope` when given, else all of the request's. */
  scopeOf(scope: readonly string[] | undefined): string[] {
    return scope ? [...scope] : this.view.numbers.map((n) => n.telephoneNumber);
  }

  /** Per-number rejections; pending numbers left in scope take the order-level error. */
  reject(scope: readonly string[], rejections: readonly NumberRejection[]): void {
    const inScope = new Set(scope);
    for (const r of rejections) {
      const numbers = r.telephoneNumbers.filter((tn) => inScope.has(tn));
      this.setNumbers(numbers, { status: 'FAILED', errorCode: r.code, errorDescription: r.description });
    }
    const orderLevel = rejections.find((r) => r.telephoneNumbers.length === 0) ?? rejections[0];
    const pending = scope.filter((tn) => this.statusOf(tn) === 'PENDING');
    this.setNumbers(
      pending,
      orderLevel
        ? { status: 'FAILED', errorCode: orderLevel.code, errorDescription: orderLevel.description }
        : { status: 'FAILED' },
    );
  }

  order(index: number): OrderView | undefined {
    return this.view.orders[index];
  }

  /** Moves an order forward; a stale (lower-ranked) status or a change after its end is ignored unless forced. */
  moveOrder(index: number, status: HostingStatus, force = false): void {
    const order = this.order(index);
    if (!order) return;
    const from = order.status ?? 'ORDERING';
    if (!force) {
      if (isTerminalStatus(from)) return;
      if (!isTerminalStatus(status) && HOSTING_STATUS_TRAITS[status].rank < HOSTING_STATUS_TRAITS[from].rank) return;
    }
    order.status = status;
  }

  setOrderStatus(index: number, orderId: string, orderStatus: OrderStatus): void {
    const order = this.order(index);
    if (!order) return;
    order.orderId ??= orderId;
    if (order.orderId !== orderId) return;
    if (order.orderStatus === null || orderStatusRank(orderStatus) >= orderStatusRank(order.orderStatus)) {
      // Once ended, an order's status is final.
      if (order.orderStatus === null || !isTerminalOrderStatus(order.orderStatus)) order.orderStatus = orderStatus;
    }
  }

  /** The LOA of order `index` (the request's own for a single-order request). */
  loaOf(index: number): LoaView {
    return this.split ? (this.order(index)?.loa ?? { status: 'NONE' }) : this.view.loa;
  }

  setLoa(index: number, loa: LoaView): void {
    if (this.split) {
      const order = this.order(index);
      if (order) order.loa = loa;
    } else {
      this.view.loa = loa;
    }
  }

  /** An order that did not complete gives up its pending LOA. */
  dropPendingLoa(index: number): void {
    if (this.loaOf(index).status === 'PENDING') this.setLoa(index, { status: 'FAILED', error: LOA_NOT_UPLOADED });
  }

  /** COMPLETE or PARTIAL, once an order's LOA is settled. */
  endOf(index: number): HostingStatus {
    return this.order(index)?.orderStatus === 'COMPLETE' ? 'COMPLETE' : 'PARTIAL';
  }

  recompute(): void {
    const { view } = this;
    const first = view.orders[0];
    if (first) {
      view.orderId = first.orderId;
      view.orderStatus = first.orderStatus;
    }
    if (this.split) {
      view.loa = combineLoas(view.orders.map((o) => o.loa));
      const removals = view.orders.flatMap((o) => (o.removal ? [o.removal] : []));
      if (removals.length > 0) view.removal = combineRemovals(removals);
    }
    if (view.failure) view.status = 'FAILED';
    else if (view.orders.length > 0) view.status = combineStatuses(view.orders.map((o) => o.status ?? 'ORDERING'));
    if (isTerminalStatus(view.status)) view.attention = null;
  }
}

function applyOne(editor: ViewEditor, op: RecordOp): void {
  const { view } = editor;
  switch (op.op) {
    case 'checked': {
      for (const r of op.rejected) {
        editor.setNumbers(r.telephoneNumbers, {
          status: 'NOT_IMPORTABLE',
          errorCode: r.code,
          errorDescription: r.description,
        });
      }
      if (view.orders.length > 0 || isTerminalStatus(view.status)) return;
      if (op.orders.length === 0) {
        view.status = 'NOTHING_IMPORTABLE';
        editor.dropPendingLoa(0);
        return;
      }
      const split = op.orders.length > 1;
      view.orders = op.orders.map((planned) => ({
        customerOrderId: planned.customerOrderId,
        orderId: null,
        orderStatus: null,
        telephoneNumbers: planned.telephoneNumbers.length,
        status: 'ORDERING',
        ...(split ? { loa: { status: view.loa.status === 'PENDING' ? 'PENDING' : 'NONE' } } : {}),
      }));
      return;
    }
    case 'refused': {
      editor.reject(editor.scopeOf(op.scope), op.rejections);
      if (op.failure) view.failure = op.failure;
      if (op.index === undefined || view.orders.length === 0) {
        if (!isTerminalStatus(view.status)) view.status = 'FAILED';
        for (let i = 0; i < Math.max(1, view.orders.length); i++) {
          editor.moveOrder(i, 'FAILED');
          editor.dropPendingLoa(i);
        }
        return;
      }
      editor.moveOrder(op.index, 'FAILED');
      editor.dropPendingLoa(op.index);
      return;
    }
    case 'orderCreated':
      editor.setOrderStatus(op.index, op.orderId, op.orderStatus);
      editor.moveOrder(op.index, 'AWAITING_ORDER');
      return;
    case 'orderRead': {
      editor.setOrderStatus(op.index, op.orderId, op.orderStatus);
      const order = editor.order(op.index);
      if (!order || order.orderId !== op.orderId || order.orderStatus === null) return;
      if (!isTerminalOrderStatus(order.orderStatus)) {
        editor.moveOrder(op.index, 'AWAITING_ORDER');
        return;
      }
      // A single order holds every importable number; a split request's orders hold what Bandwidth lists.
      const scope = editor.split ? op.telephoneNumbers : editor.scopeOf(undefined);
      if (order.orderStatus === 'FAILED') {
        editor.reject(scope, op.errors);
        editor.moveOrder(op.index, view.cancelRequested ? 'CANCELLED' : 'FAILED');
        editor.dropPendingLoa(op.index);
        return;
      }
      const failed = new Set<string>();
      const inScope = new Set(scope);
      for (const e of op.errors) {
        const numbers = e.telephoneNumbers.filter((tn) => inScope.has(tn));
        editor.setNumbers(numbers, { status: 'FAILED', errorCode: e.code, errorDescription: e.description });
        for (const tn of numbers) failed.add(tn);
      }
      const listed = op.telephoneNumbers.length > 0 ? new Set(op.telephoneNumbers) : inScope;
      editor.setNumbers(
        scope.filter((tn) => listed.has(tn) && !failed.has(tn) && editor.statusOf(tn) === 'PENDING'),
        { status: 'HOSTED' },
      );
      // A cancelled request un-hosts next; its status moves on when the removal ends.
      if (view.cancelRequested) return;
      editor.moveOrder(
        op.index,
        editor.loaOf(op.index).status === 'PENDING' ? 'UPLOADING_LOA' : editor.endOf(op.index),
      );
      return;
    }
    case 'loaGiven': {
      const give = (loa: LoaView): LoaView => (loa.status === 'UPLOADED' ? loa : { status: 'PENDING' });
      if (!editor.split) {
        view.loa = give(view.loa);
        return;
      }
      view.orders.forEach((order, i) => {
        if (order.status === 'FAILED' || order.status === 'CANCELLED') return;
        editor.setLoa(i, give(editor.loaOf(i)));
      });
      return;
    }
    case 'loaRestored':
      view.loa = op.loa;
      view.orders.forEach((order, i) => {
        const loa = op.orders[i];
        if (loa) order.loa = loa;
        else delete order.loa;
      });
      return;
    case 'loaUploaded':
      editor.setLoa(op.index, { status: 'UPLOADED', filename: op.filename });
      if (editor.order(op.index)?.status === 'UPLOADING_LOA') editor.moveOrder(op.index, editor.endOf(op.index));
      return;
    case 'loaRefused':
      if (editor.loaOf(op.index).status !== 'UPLOADED') editor.setLoa(op.index, { status: 'FAILED', error: op.error });
      if (editor.order(op.index)?.status === 'UPLOADING_LOA') editor.moveOrder(op.index, editor.endOf(op.index));
      return;
    case 'cancelRequested':
      if (op.withdrawn) delete view.cancelRequested;
      else view.cancelRequested = true;
      return;
    case 'cancelled': {
      editor.setNumbers(
        editor.scopeOf(op.scope).filter((tn) => editor.statusOf(tn) === 'PENDING'),
        { status: 'FAILED', ...CANCELLED_BEFORE_ORDER },
      );
      if (view.orders.length === 0) {
        if (!isTerminalStatus(view.status)) view.status = 'CANCELLED';
        editor.dropPendingLoa(0);
        return;
      }
      const indexes = op.index === undefined ? view.orders.map((_, i) => i) : [op.index];
      for (const i of indexes) {
        editor.moveOrder(i, 'CANCELLED', true);
        editor.dropPendingLoa(i);
      }
      return;
    }
    case 'removal': {
      if (editor.split) {
        const order = editor.order(op.index);
        if (order) order.removal = op.removal;
      } else {
        view.removal = op.removal;
      }
      if (['COMPLETE', 'PARTIAL', 'FAILED'].includes(op.removal.status)) {
        if (op.removal.status !== 'FAILED') editor.setNumbers(op.removal.telephoneNumbers, { status: 'REMOVED' });
        editor.moveOrder(op.index, 'CANCELLED', true);
        editor.dropPendingLoa(op.index);
      }
      return;
    }
    case 'attention':
      if (op.attention && view.attention?.code === op.attention.code) {
        // Same cause still: keep when it started.
        view.attention = { ...op.attention, since: view.attention.since };
      } else {
        view.attention = op.attention;
      }
      return;
    case 'failed':
      view.failure ??= op.failure;
      editor.setNumbers(
        view.numbers.filter((n) => n.status === 'PENDING').map((n) => n.telephoneNumber),
        { status: 'FAILED', errorCode: op.failure.code ?? 'FAILED', errorDescription: op.failure.message },
      );
      view.orders.forEach((_, i) => {
        editor.moveOrder(i, 'FAILED');
        editor.dropPendingLoa(i);
      });
      editor.dropPendingLoa(0);
      return;
    case 'lost':
      editor.setNumbers(op.telephoneNumbers, { status: 'LOST', errorDescription: LOST_DESCRIPTION });
      return;
  }
}

/**
 * Applies `ops` to `view` in place and says whether anything changed; `updatedAt` moves to `now`
 * only then, so a re-applied op leaves the view exactly as it was.
 */
export function applyRecordOps(view: HostingRequestView, ops: readonly RecordOp[], now: string): boolean {
  const before = JSON.stringify(view);
  const editor = new ViewEditor(view);
  for (const op of ops) {
    applyOne(editor, op);
    editor.recompute();
  }
  const changed = JSON.stringify(view) !== before;
  if (changed) view.updatedAt = now;
  return changed;
}

/**
 * Brings a split request's view up to date with one part's final view (the part's own workflow
 * result). Its recorded ops reach the parent by signal, which may arrive after the part's result;
 * this makes the parent's result exact either way.
 */
export function mergePartView(view: HostingRequestView, index: number, part: HostingRequestView, now: string): boolean {
  const before = JSON.stringify(view);
  const byNumber = new Map(view.numbers.map((n) => [n.telephoneNumber, n]));
  for (const outcome of part.numbers) {
    const entry = byNumber.get(outcome.telephoneNumber);
    if (entry) Object.assign(entry, { errorCode: undefined, errorDescription: undefined }, outcome);
  }
  for (const entry of view.numbers) {
    if (entry.errorCode === undefined) delete entry.errorCode;
    if (entry.errorDescription === undefined) delete entry.errorDescription;
  }
  const order = view.orders[index];
  const partOrder = part.orders[0];
  if (order && partOrder) {
    order.orderId = partOrder.orderId;
    order.orderStatus = partOrder.orderStatus;
    order.status = part.status;
    order.loa = part.loa;
    if (part.removal) order.removal = part.removal;
  }
  new ViewEditor(view).recompute();
  const changed = JSON.stringify(view) !== before;
  if (changed) view.updatedAt = now;
  return changed;
}
