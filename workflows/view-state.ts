import { log, upsertSearchAttributes } from '@temporalio/workflow';
import { applyRecordOps, mergePartView, type RecordOp } from '../contract/record-ops.js';
import { HOSTING_STATUS_TRAITS, type NumberStatus } from '../contract/statuses.js';
import type { HostingRequestView } from '../contract/view.js';
import { BandwidthOrderIdKey, HostingStatusKey } from './search-attributes.js';

export { newView } from '../contract/record-ops.js';

/**
 * The workflow's copy of the request's view (its result and its status query). It changes only
 * through the record ops its activities record in hostflow's database, so both say the same; the
 * searchable status and order id move with it, in one upsert per change.
 */
export class ViewState {
  /** `onApplied` hears every op that changed the view (a split request's parts forward theirs to the parent). */
  constructor(
    readonly view: HostingRequestView,
    private readonly onApplied?: (ops: RecordOp[]) => void,
  ) {}

  apply(...ops: RecordOp[]): void {
    if (this.change(() => applyRecordOps(this.view, ops, new Date().toISOString()))) this.onApplied?.(ops);
  }

  /** A split request's part ended: its final view, exact even if its last ops are still on their way. */
  mergePart(index: number, part: HostingRequestView): void {
    this.change(() => mergePartView(this.view, index, part, new Date().toISOString()));
  }

  private change(edit: () => boolean): boolean {
    const { status, orderId } = this.view;
    if (!edit()) return false;
    const updates: Parameters<typeof upsertSearchAttributes>[0] = [];
    if (this.view.orderId && this.view.orderId !== orderId) {
      updates.push({ key: BandwidthOrderIdKey, value: this.view.orderId });
    }
    if (this.view.status !== status) {
      if (HOSTING_STATUS_TRAITS[this.view.status].searchable) {
        updates.push({ key: HostingStatusKey, value: this.view.status });
      }
      log.info('hosting request status', {
        requestId: this.view.id,
        status: this.view.status,
        orderId: this.view.orderId,
      });
    }
    if (updates.length > 0) upsertSearchAttributes(updates);
    return true;
  }

  statusOf(tn: string): NumberStatus | undefined {
    return this.view.numbers.find((n) => n.telephoneNumber === tn)?.status;
  }

  numbersWith(status: NumberStatus, among?: readonly string[]): string[] {
    const wanted = among ? new Set(among) : undefined;
    return this.view.numbers
      .filter((n) => n.status === status && (!wanted || wanted.has(n.telephoneNumber)))
      .map((n) => n.telephoneNumber);
  }
}
