import type { SandboxOrderView } from '../sandbox/index.js';
import type { HostingRequestView } from '../workflows/types.js';
import type { RequestSpec } from './request-mix.js';

/**
 * What must be true of a request once it has ended, derived from its numbers alone by the
 * contract's rules for the sandbox — never from hostflow's code, so a wrong answer cannot agree
 * with itself.
 */
export interface ExpectedOutcome {
  status: 'COMPLETE' | 'PARTIAL' | 'FAILED' | 'NOTHING_IMPORTABLE';
  numbers: Record<string, { status: 'HOSTED' | 'FAILED' | 'NOT_IMPORTABLE'; errorCode?: string }>;
  /** The numbers Bandwidth must be asked to import, in one order; empty when no order may exist. */
  ordered: string[];
  orderStatus: 'COMPLETE' | 'PARTIAL' | 'FAILED' | null;
  loaStatus: 'UPLOADED' | 'FAILED' | 'NONE';
  /** LOA files Bandwidth must hold for the order: 1 where an LOA was given and the order hosted something. */
  loaUploads: 0 | 1;
}

export const NOT_IMPORTABLE_CODE = '19006';
export const NOT_ACTIVE_CODE = '7518';

export function expectedOutcome(spec: Pick<RequestSpec, 'telephoneNumbers' | 'loa'>): ExpectedOutcome {
  const numbers: ExpectedOutcome['numbers'] = {};
  for (const tn of spec.telephoneNumbers) {
    if (tn.startsWith('410')) numbers[tn] = { status: 'NOT_IMPORTABLE', errorCode: NOT_IMPORTABLE_CODE };
    else if (tn.endsWith('9999')) numbers[tn] = { status: 'FAILED', errorCode: NOT_ACTIVE_CODE };
    else numbers[tn] = { status: 'HOSTED' };
  }
  const ordered = spec.telephoneNumbers.filter((tn) => !tn.startsWith('410'));
  const failing = ordered.filter((tn) => tn.endsWith('9999'));
  const orderStatus =
    ordered.length === 0
      ? null
      : failing.length === 0
        ? 'COMPLETE'
        : failing.length === ordered.length
          ? 'FAILED'
          : 'PARTIAL';
  const status = orderStatus ?? 'NOTHING_IMPORTABLE';
  const hostedSomething = orderStatus === 'COMPLETE' || orderStatus === 'PARTIAL';
  return {
    status,
    numbers,
    ordered,
    orderStatus,
    loaStatus: !spec.loa ? 'NONE' : hostedSomething ? 'UPLOADED' : 'FAILED',
    loaUploads: spec.loa && hostedSomething ? 1 : 0,
  };
}

/** How a request's workflow ended: Temporal's execution status and, when it completed, the final view. */
export interface RequestEnd {
  executionStatus: string;
  view?: HostingRequestView;
}

export interface Verdict {
  id: string;
  /** Not ended by the deadline. */
  lost: boolean;
  /** More than one order, or more than one LOA on it. */
  duplicated: string[];
  /** Anything else that differs from the expected outcome. */
  wrong: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Judges one request against the sandbox's ground truth: its end as the API reports it, and the
 * orders Bandwidth received under its CustomerOrderId.
 */
export function judge(
  spec: RequestSpec,
  end: RequestEnd | undefined,
  ordersOfRequest: readonly SandboxOrderView[],
): Verdict {
  const expected = expectedOutcome(spec);
  const verdict: Verdict = { id: spec.id, lost: false, duplicated: [], wrong: [] };

  // Bandwidth's side first: it holds whatever happened, whether the request ended or not.
  if (ordersOfRequest.length > 1)
    verdict.duplicated.push(`${ordersOfRequest.length} orders (${ordersOfRequest.map((o) => o.orderId).join(', ')})`);
  const order = ordersOfRequest[0];
  if (order && order.loas.length > 1)
    verdict.duplicated.push(`${order.loas.length} LOA uploads on order ${order.orderId}`);
  if (expected.ordered.length === 0 && order)
    verdict.wrong.push(`order ${order.orderId} created though no number is importable`);

  if (!end) {
    verdict.lost = true;
    return verdict;
  }
  if (end.executionStatus !== 'COMPLETED' || !end.view) {
    verdict.wrong.push(`workflow ended ${end.executionStatus}`);
    return verdict;
  }
  const view = end.view;
  if (view.status !== expected.status) verdict.wrong.push(`status ${view.status}, expected ${expected.status}`);

  const seen = new Set<string>();
  for (const n of view.numbers) {
    seen.add(n.telephoneNumber);
    const want = expected.numbers[n.telephoneNumber];
    if (!want) verdict.wrong.push(`number ${n.telephoneNumber} was not in the request`);
    else if (n.status !== want.status || (n.errorCode ?? undefined) !== want.errorCode) {
      verdict.wrong.push(
        `number ${n.telephoneNumber} ${n.status}${n.errorCode ? ` ${n.errorCode}` : ''}, expected ${want.status}${want.errorCode ? ` ${want.errorCode}` : ''}`,
      );
    }
  }
  for (const tn of spec.telephoneNumbers) if (!seen.has(tn)) verdict.wrong.push(`number ${tn} missing from the answer`);

  if (expected.ordered.length > 0) {
    if (!order) {
      verdict.wrong.push('no order reached Bandwidth');
    } else {
      if (!sameSet(order.telephoneNumbers, expected.ordered))
        verdict.wrong.push(`order holds ${order.telephoneNumbers.join(',')}, expected ${expected.ordered.join(',')}`);
      if (order.processingStatus !== expected.orderStatus)
        verdict.wrong.push(`Bandwidth's order is ${order.processingStatus}, expected ${expected.orderStatus}`);
      if (view.orderId !== order.orderId)
        verdict.wrong.push(`answer names order ${view.orderId}, Bandwidth holds ${order.orderId}`);
      if (view.orderStatus !== expected.orderStatus)
        verdict.wrong.push(`orderStatus ${view.orderStatus}, expected ${expected.orderStatus}`);
      if (order.loas.length < expected.loaUploads) verdict.wrong.push('LOA given but never uploaded');
      if (order.loas.length > 0 && expected.loaUploads === 0)
        verdict.wrong.push(`${order.loas.length} LOA upload(s) where none was due`);
    }
  }
  if (view.loa.status !== expected.loaStatus)
    verdict.wrong.push(`loa ${view.loa.status}, expected ${expected.loaStatus}`);
  else if (expected.loaStatus === 'UPLOADED' && order?.loas[0] && view.loa.filename !== order.loas[0].filename) {
    verdict.wrong.push(`answer names LOA ${view.loa.filename}, Bandwidth holds ${order.loas[0].filename}`);
  }
  return verdict;
}

/** The orders of each request, by CustomerOrderId; orders under no known request are strays. */
export function ordersByRequest(
  orders: readonly SandboxOrderView[],
  requestIds: ReadonlySet<string>,
): { byRequest: Map<string, SandboxOrderView[]>; strays: SandboxOrderView[] } {
  const byRequest = new Map<string, SandboxOrderView[]>();
  const strays: SandboxOrderView[] = [];
  for (const order of orders) {
    const id = order.customerOrderId;
    if (id === undefined || !requestIds.has(id)) {
      strays.push(order);
      continue;
    }
    byRequest.set(id, [...(byRequest.get(id) ?? []), order]);
  }
  return { byRequest, strays };
}
