import type { RejectionDetails } from './failures.js';
import { importableNumbers, planOrders } from './order-plan.js';
import type { RecordOp } from './record-ops.js';
import { isTerminalOrderStatus, type OrderStatus } from './statuses.js';
import type { NumberRejection, RemovalView } from './view.js';

/**
 * The record ops for what a Bandwidth step learned, built the same way by the activity that
 * records them and by the workflow that applies them to its own view.
 */

export interface OrderFact {
  orderId: string;
  processingStatus: OrderStatus;
  errors: NumberRejection[];
  telephoneNumbers: string[];
}

export interface RemovalFact {
  orderId: string;
  processingStatus: string;
  errors: NumberRejection[];
}

const REMOVAL_ENDS = ['COMPLETE', 'PARTIAL', 'FAILED'];

export function checkedOps(
  requestId: string,
  requested: readonly string[],
  result: { importable: string[]; rejected: NumberRejection[] },
  maxNumbersPerOrder?: number,
): RecordOp[] {
  const orders = planOrders(requestId, importableNumbers(requested, result), maxNumbersPerOrder);
  return [{ op: 'checked', rejected: result.rejected, orders }];
}

export function createdOps(index: number, order: OrderFact): RecordOp[] {
  const ops: RecordOp[] = [
    {
      op: 'orderCreated',
      index,
      orderId: order.orderId,
      orderStatus: order.processingStatus,
      telephoneNumbers: order.telephoneNumbers,
    },
  ];
  if (isTerminalOrderStatus(order.processingStatus)) ops.push(orderReadOp(index, order));
  return ops;
}

export function orderReadOp(index: number, order: OrderFact): RecordOp {
  return {
    op: 'orderRead',
    index,
    orderId: order.orderId,
    orderStatus: order.processingStatus,
    errors: order.errors,
    telephoneNumbers: order.telephoneNumbers,
  };
}

/** Bandwidth's codes for a permanent refusal, or the refusal itself when it gave none. */
export function rejectionsOf(refusal: {
  type: string;
  message: string;
  details?: RejectionDetails;
}): NumberRejection[] {
  const errors = refusal.details?.errors ?? [];
  return errors.length > 0 ? errors : [{ code: refusal.type, description: refusal.message, telephoneNumbers: [] }];
}

/** The removal's state; once it ended, the numbers it took away (all hosted ones, minus those it failed for). */
export function removalOp(index: number, removal: RemovalFact, hosted: readonly string[]): RecordOp {
  const view: RemovalView = {
    orderId: removal.orderId,
    status: removal.processingStatus,
    telephoneNumbers: [...hosted],
  };
  if (REMOVAL_ENDS.includes(removal.processingStatus)) {
    const failed = new Set(removal.errors.flatMap((e) => e.telephoneNumbers));
    view.telephoneNumbers = removal.processingStatus === 'FAILED' ? [] : hosted.filter((tn) => !failed.has(tn));
  }
  return { op: 'removal', index, removal: view };
}

export function removalRefusedOp(index: number, message: string): RecordOp {
  return { op: 'removal', index, removal: { orderId: null, status: 'FAILED', telephoneNumbers: [], error: message } };
}

export function isRemovalEnded(status: string): boolean {
  return REMOVAL_ENDS.includes(status);
}
