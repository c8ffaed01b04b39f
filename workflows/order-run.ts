import { condition, setCurrentDetails, sleep } from '@temporalio/workflow';
import type { ImportOrderState, RecordTarget } from '../activities/types.js';
import {
  createdOps,
  isRemovalEnded,
  orderReadOp,
  rejectionsOf,
  removalOp,
  removalRefusedOp,
} from '../contract/record-facts.js';
import { isTerminalOrderStatus } from '../contract/statuses.js';
import { bandwidth } from './activities-proxy.js';
import { permanentFailureOf } from './failures.js';
import type { LoaReference, OrderNotificationSignal, OrderWaitOptions, Subscriber } from './types.js';
import type { ViewState } from './view-state.js';

/** Notification statuses that mean "the order may have ended: re-read it". */
const ENDING_NOTICES = new Set(['COMPLETE', 'PARTIAL', 'FAILED', 'EXCEPTION']);
const REMOVAL_POLL_FIRST_MS = 1_000;
/** The order's place in the workflow's own view (a part's view holds only its order). */
const LOCAL = 0;

export type OrderOutcome = 'COMPLETE' | 'PARTIAL' | 'FAILED' | 'CANCELLED';

export interface OrderRunInput {
  customerOrderId: string;
  telephoneNumbers: string[];
  siteId: string;
  sipPeerId?: string;
  subscriber: Subscriber;
  loaAuthorizingPerson: string;
  wait: OrderWaitOptions;
  /** Where the activities record what they learn. */
  record: RecordTarget;
}

/** Where a wait stands; carried over continue-as-new. */
export interface WaitProgress {
  orderId: string;
  pollIntervalMs: number;
  waitDeadline?: number;
}

export interface OrderRunContext {
  state: ViewState;
  /** Every notification received so far, appended to by the signal handler. */
  notices: OrderNotificationSignal[];
  isCancelRequested(): boolean;
  /** The LOA to upload now, with a version that changes when a new one is given. */
  currentLoa(): { loa?: LoaReference; version: number };
  /** A wait already under way (after continue-as-new): skip creating the order. */
  resume?: WaitProgress;
  /** Called between polls; continues the workflow as new (and so never resolves) when history is long. */
  checkpoint?(progress: WaitProgress): Promise<void>;
}

function formatDuration(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 360_000) / 10}h`;
  if (ms >= 60_000) return `${Math.round(ms / 6_000) / 10}m`;
  return `${Math.round(ms / 100) / 10}s`;
}

/** The order's own status in the workflow's view, as an outcome once it has ended. */
function outcomeOf(ctx: OrderRunContext): OrderOutcome {
  const status = ctx.state.view.orders[LOCAL]?.status;
  return status === 'COMPLETE' || status === 'PARTIAL' || status === 'CANCELLED' ? status : 'FAILED';
}

/** Records a decision the workflow made without a Bandwidth call, and applies it to its own view. */
async function recordDecision(input: OrderRunInput, ctx: OrderRunContext, scope: string[]): Promise<void> {
  await bandwidth.recordOps({
    requestId: input.record.requestId,
    ops: [{ op: 'cancelled', index: input.record.index, scope }],
  });
  ctx.state.apply({ op: 'cancelled', index: LOCAL, scope });
}

/**
 * One Bandwidth import order, from creation to its end, the LOA, and un-hosting when cancelled.
 * Shared by a single-order request and by each part of a split one.
 */
export async function runOrder(input: OrderRunInput, ctx: OrderRunContext): Promise<OrderOutcome> {
  const { state } = ctx;
  const numbers = input.telephoneNumbers;
  let progress: WaitProgress;

  if (ctx.resume) {
    progress = ctx.resume;
  } else {
    if (ctx.isCancelRequested()) {
      await recordDecision(input, ctx, numbers);
      return 'CANCELLED';
    }
    // Keyed by the CustomerOrderId, so a retried create finds the order instead of making another.
    let created: ImportOrderState;
    try {
      created = await bandwidth.createImportOrder({
        customerOrderId: input.customerOrderId,
        siteId: input.siteId,
        sipPeerId: input.sipPeerId,
        subscriber: input.subscriber,
        loaAuthorizingPerson: input.loaAuthorizingPerson,
        telephoneNumbers: numbers,
        record: input.record,
      });
    } catch (error) {
      const refusal = permanentFailureOf(error);
      if (!refusal) throw error;
      // The activity recorded the refusal; the failure it carries says what it recorded.
      state.apply({
        op: 'refused',
        index: LOCAL,
        scope: numbers,
        rejections: rejectionsOf(refusal),
        ...(refusal.failure ? { failure: refusal.failure } : {}),
      });
      return 'FAILED';
    }
    state.apply(...createdOps(LOCAL, created));
    progress = {
      orderId: created.orderId,
      pollIntervalMs: input.wait.pollInitialIntervalMs,
      waitDeadline: input.wait.maxWaitMs !== undefined ? Date.now() + input.wait.maxWaitMs : undefined,
    };
    if (isTerminalOrderStatus(created.processingStatus)) return afterOrderEnd(input, ctx, created);
  }

  const order = await waitForOrderEnd(input, progress, ctx);
  if (!order) {
    const rejections = [
      { code: 'ORDER_MAX_WAIT', description: 'The order did not end within ORDER_MAX_WAIT.', telephoneNumbers: [] },
    ];
    const op = { op: 'refused' as const, scope: numbers, rejections };
    await bandwidth.recordOps({ requestId: input.record.requestId, ops: [{ ...op, index: input.record.index }] });
    state.apply({ ...op, index: LOCAL });
    return ctx.isCancelRequested() ? 'CANCELLED' : 'FAILED';
  }
  return afterOrderEnd(input, ctx, order);
}

/**
 * Waits for the order's end: Bandwidth's notification is the fast path, a slow growing poll the
 * safety net (Bandwidth never retries a failed callback). Either way the order is re-read before
 * anything is decided, because a notification is only a hint (it can be early, stale or twice).
 * Undefined when ORDER_MAX_WAIT passed first.
 */
async function waitForOrderEnd(
  input: OrderRunInput,
  progress: WaitProgress,
  ctx: OrderRunContext,
): Promise<ImportOrderState | undefined> {
  const { orderId } = progress;
  let consumed = 0;
  const endingNoticeArrived = () =>
    ctx.notices.slice(consumed).some((n) => n.orderId === orderId && ENDING_NOTICES.has(n.status.toUpperCase()));
  const since = new Date().toISOString();
  for (;;) {
    const untilDeadline = progress.waitDeadline !== undefined ? progress.waitDeadline - Date.now() : Infinity;
    if (untilDeadline <= 0) return undefined;
    // What an operator sees on the workflow's page while it waits.
    setCurrentDetails(
      `Waiting for Bandwidth order ${orderId} (${ctx.state.view.orderStatus ?? 'RECEIVED'}) since ${since}; ` +
        `next safety-net poll in ${formatDuration(Math.min(progress.pollIntervalMs, untilDeadline))}, ` +
        `sooner on Bandwidth's notification.`,
    );
    const notified = await condition(
      endingNoticeArrived,
      Math.max(1, Math.min(progress.pollIntervalMs, untilDeadline)),
    );
    consumed = ctx.notices.length;
    const order = await bandwidth.getImportOrder({ orderId, record: input.record });
    if (isTerminalOrderStatus(order.processingStatus)) {
      setCurrentDetails(`Order ${orderId} ended ${order.processingStatus}.`);
      return order;
    }
    ctx.state.apply(orderReadOp(LOCAL, order));
    if (!notified) {
      progress = { ...progress, pollIntervalMs: Math.min(progress.pollIntervalMs * 2, input.wait.pollMaxIntervalMs) };
    }
    // Drop consumed notices so a carried-over history stays small.
    ctx.notices.splice(0, consumed);
    consumed = 0;
    await ctx.checkpoint?.(progress);
  }
}

async function afterOrderEnd(
  input: OrderRunInput,
  ctx: OrderRunContext,
  order: ImportOrderState,
): Promise<OrderOutcome> {
  const { state } = ctx;
  state.apply(orderReadOp(LOCAL, order));
  if (order.processingStatus === 'FAILED') return outcomeOf(ctx);

  // The LOA goes with COMPLETE and PARTIAL orders alike. Without one (or after a refused upload)
  // the request stays open for a late LOA, for wait.loaWaitMs.
  let seenVersion: number | undefined;
  const lingerUntil = Date.now() + (input.wait.loaWaitMs ?? 0);
  for (;;) {
    if (ctx.isCancelRequested()) {
      await unhost(input, ctx);
      return 'CANCELLED';
    }
    const { loa, version } = ctx.currentLoa();
    if (version !== seenVersion) {
      seenVersion = version;
      if (loa && state.view.loa.status !== 'UPLOADED') {
        try {
          const upload = await bandwidth.uploadLoa({ orderId: order.orderId, loa, record: input.record });
          state.apply({ op: 'loaUploaded', index: LOCAL, filename: upload.filename });
        } catch (error) {
          const refusal = permanentFailureOf(error);
          if (!refusal) throw error;
          state.apply({ op: 'loaRefused', index: LOCAL, error: refusal.message });
        }
      }
    }
    if (state.view.loa.status === 'UPLOADED') return outcomeOf(ctx);
    const remaining = lingerUntil - Date.now();
    if (remaining <= 0) return outcomeOf(ctx);
    setCurrentDetails(
      `Order ${order.orderId} ended ${order.processingStatus}; ` +
        `${state.view.loa.status === 'FAILED' ? 'the LOA upload failed' : 'no LOA was given'}. ` +
        `Waiting up to ${formatDuration(remaining)} for one (POST /v1/hosting-requests/{id}/loa) or a cancellation.`,
    );
    const woke = await condition(() => ctx.isCancelRequested() || ctx.currentLoa().version !== seenVersion, remaining);
    if (!woke) return outcomeOf(ctx);
  }
}

/** Un-hosts the numbers an order hosted (Bandwidth cannot cancel an import order). */
async function unhost(input: OrderRunInput, ctx: OrderRunContext): Promise<void> {
  const { state } = ctx;
  const hosted = state.numbersWith('HOSTED', input.telephoneNumbers);
  if (hosted.length === 0) {
    await recordDecision(input, ctx, input.telephoneNumbers);
    return;
  }
  const record = input.record;
  try {
    let removal = await bandwidth.removeImportedNumbers({
      customerOrderId: input.customerOrderId,
      telephoneNumbers: hosted,
      record,
    });
    let interval = REMOVAL_POLL_FIRST_MS;
    for (;;) {
      state.apply(removalOp(LOCAL, removal, hosted));
      if (isRemovalEnded(removal.processingStatus)) return;
      await sleep(interval);
      interval = Math.min(interval * 2, input.wait.pollMaxIntervalMs);
      removal = await bandwidth.getRemovalOrder({ orderId: removal.orderId, telephoneNumbers: hosted, record });
    }
  } catch (error) {
    const refusal = permanentFailureOf(error);
    if (!refusal) throw error;
    state.apply(removalRefusedOp(LOCAL, refusal.message));
  }
}
