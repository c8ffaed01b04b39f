import type { HostingStatus, NumberStatus, OrderStatus } from './statuses.js';
import type { Attention, HostingRequestView, LoaView, NumberOutcome, RemovalView, RequestFailure } from './view.js';

/** What changed between two versions of a view: the timeline's events and the number registry's updates. */
export interface ViewDiff {
  status?: { from: HostingStatus; to: HostingStatus };
  /** Numbers whose status (or code) changed, with what they became. */
  numbers: Array<NumberOutcome & { from: NumberStatus }>;
  orders: Array<{ index: number; orderId: string | null; orderStatus: OrderStatus | null; status?: HostingStatus }>;
  loa?: { from: LoaView; to: LoaView };
  attention?: { from: Attention | null; to: Attention | null };
  removal?: RemovalView;
  failure?: RequestFailure;
  cancelRequested?: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffViews(before: HostingRequestView, after: HostingRequestView): ViewDiff {
  const diff: ViewDiff = { numbers: [], orders: [] };
  if (before.status !== after.status) diff.status = { from: before.status, to: after.status };
  const previous = new Map(before.numbers.map((n) => [n.telephoneNumber, n]));
  for (const n of after.numbers) {
    const old = previous.get(n.telephoneNumber);
    if (!old || old.status !== n.status || old.errorCode !== n.errorCode)
      diff.numbers.push({ ...n, from: old?.status ?? 'PENDING' });
  }
  after.orders.forEach((order, index) => {
    const old = before.orders[index];
    if (!old || old.orderId !== order.orderId || old.orderStatus !== order.orderStatus || old.status !== order.status) {
      diff.orders.push({ index, orderId: order.orderId, orderStatus: order.orderStatus, status: order.status });
    }
  });
  if (!same(before.loa, after.loa)) diff.loa = { from: before.loa, to: after.loa };
  if (!same(before.attention, after.attention)) diff.attention = { from: before.attention, to: after.attention };
  if (after.removal && !same(before.removal, after.removal)) diff.removal = after.removal;
  if (after.failure && !same(before.failure, after.failure)) diff.failure = after.failure;
  if (after.cancelRequested && !before.cancelRequested) diff.cancelRequested = true;
  return diff;
}

export function isEmptyDiff(diff: ViewDiff): boolean {
  return (
    !diff.status &&
    diff.numbers.length === 0 &&
    diff.orders.length === 0 &&
    !diff.loa &&
    !diff.attention &&
    !diff.removal &&
    !diff.failure &&
    !diff.cancelRequested
  );
}
