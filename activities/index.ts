import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { BandwidthClient } from '../bandwidth/index.js';
import { BandwidthError } from '../bandwidth/index.js';
import { FailureType, type RejectionDetails } from '../contract/failures.js';
import { workflowIdFor } from '../contract/ids.js';
import {
  checkedOps,
  createdOps,
  orderReadOp,
  rejectionsOf,
  removalOp,
  removalRefusedOp,
} from '../contract/record-facts.js';
import { newView, type RecordOp } from '../contract/record-ops.js';
import type { OrderStatus } from '../contract/statuses.js';
import type { Records } from '../records/index.js';
import type {
  CheckImportabilityInput,
  CheckImportabilityResult,
  CreateImportOrderInput,
  CreateImportOrderResult,
  GetImportOrderInput,
  GetRemovalOrderInput,
  ImportOrderState,
  RecordOpsInput,
  RemovalOrderState,
  RemoveNumbersInput,
  UploadLoaInput,
  UploadLoaResult,
} from './types.js';

export interface ActivityDependencies {
  bandwidth: BandwidthClient;
  /** hostflow's system of record: every step writes what it learned there. */
  records: Records;
}

/** A permanent refusal: what Temporal is told (non-retryable) and what the record is told. */
class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly failure: ApplicationFailure,
    readonly details: RejectionDetails,
  ) {
    super(failure.message);
  }

  get rejections() {
    return rejectionsOf({
      type: this.failure.type ?? FailureType.BandwidthRejected,
      message: this.failure.message,
      details: this.details,
    });
  }
}

function refusal(type: string, message: string, details: RejectionDetails, cause?: Error): Refusal {
  return new Refusal(
    ApplicationFailure.create({ type, message, nonRetryable: true, details: [details], cause }),
    details,
  );
}

/**
 * Turns a Bandwidth error into what Temporal should do with it: permanent refusals become a
 * `Refusal` (non-retryable, carrying Bandwidth's codes); a 429 retries after its reset time;
 * anything else is rethrown as is for Temporal's retry policy.
 */
function classify(error: unknown): unknown {
  if (!(error instanceof BandwidthError)) return error;
  if (!error.retryable) {
    return refusal(FailureType.BandwidthRejected, error.message, { status: error.status, errors: error.errors }, error);
  }
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nextRetryDelay: error.retryAfterMs,
    cause: error,
  });
}

/**
 * Heartbeats while a call is in flight: if the worker dies mid-call, Temporal notices within the
 * heartbeat timeout and retries elsewhere, instead of waiting out the whole start-to-close timeout.
 */
const HEARTBEAT_EVERY_MS = 3_000;

async function bandwidthCall<T>(call: () => Promise<T>): Promise<T> {
  const context = Context.current();
  // No heartbeat at the start: the timeout counts from the activity's start anyway, and the first
  // heartbeat of an attempt is a billable action; only calls that last are heartbeated.
  const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await call();
  } catch (error) {
    throw classify(error);
  } finally {
    clearInterval(beat);
  }
}

function orderState(order: {
  orderId: string;
  processingStatus: OrderStatus;
  errors: ImportOrderState['errors'];
  telephoneNumbers: string[];
}): ImportOrderState {
  return {
    orderId: order.orderId,
    processingStatus: order.processingStatus,
    errors: order.errors,
    telephoneNumbers: order.telephoneNumbers,
  };
}

const removalState = (order: RemovalOrderState): RemovalOrderState => ({
  orderId: order.orderId,
  processingStatus: order.processingStatus,
  errors: order.errors,
});

const sameNumbers = (a: readonly string[], b: readonly string[]) => {
  const set = new Set(a);
  return a.length === b.length && set.size === new Set(b).size && b.every((tn) => set.has(tn));
};

/**
 * The side-effect steps of a hosting request, each one named Bandwidth action. Each records what
 * it learned in the same attempt, with the ops the workflow applies to its own view; a retried
 * attempt records the same again, which changes nothing.
 */
export function createActivities({ bandwidth, records }: ActivityDependencies) {
  const record = (requestId: string, ops: RecordOp[]) => records.requests.apply(requestId, ops);

  /** Runs a Bandwidth step; a permanent refusal is recorded (`onRefused`) before Temporal hears of it. */
  async function step<T>(
    work: () => Promise<T>,
    onRefused?: (refused: Refusal) => { requestId: string; ops: RecordOp[] },
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const recorded = onRefused?.(error);
      if (recorded) await record(recorded.requestId, recorded.ops);
      throw error.failure;
    }
  }

  return {
    async checkImportability(input: CheckImportabilityInput): Promise<CheckImportabilityResult> {
      if (input.origin) {
        // Started straight through Temporal rather than the API: the record starts here.
        const workflowId = Context.current().info.workflowExecution?.workflowId ?? workflowIdFor(input.requestId);
        const view = newView({
          id: input.requestId,
          workflowId,
          telephoneNumbers: input.telephoneNumbers,
          hasLoa: input.origin.hasLoa,
          createdAt: input.origin.createdAt,
        });
        await records.requests.ensure(view, input.origin.siteId);
      }
      return step(
        async () => {
          const result = await bandwidthCall(() => bandwidth.checkImportability(input));
          const checked = { importable: result.importable, rejected: result.rejected };
          await record(
            input.requestId,
            checkedOps(input.requestId, input.telephoneNumbers, checked, input.maxNumbersPerOrder),
          );
          return checked;
        },
        (refused) => ({ requestId: input.requestId, ops: [{ op: 'refused', rejections: refused.rejections }] }),
      );
    },

    /**
     * Idempotent: the CustomerOrderId is unique to the request, so an existing order under it is
     * the one an earlier attempt created (its answer lost to a crash, a timeout or a 5xx) — but
     * only when it holds this request's numbers and site. Otherwise someone else's order carries
     * the id (two deployments sharing one Bandwidth account): the request fails, nothing adopted.
     */
    async createImportOrder(input: CreateImportOrderInput): Promise<CreateImportOrderResult> {
      const { requestId, index } = input.record;
      return step(
        async () => {
          const existing = await bandwidthCall(() =>
            bandwidth.listImportOrders({ customerOrderId: input.customerOrderId }),
          );
          const earlier = existing.find((o) => o.customerOrderId === input.customerOrderId);
          let result: CreateImportOrderResult;
          if (earlier) {
            const order = await bandwidthCall(() => bandwidth.getImportOrder(earlier.orderId));
            const siteDiffers = order.siteId !== undefined && order.siteId !== input.siteId;
            if (siteDiffers || !sameNumbers(order.telephoneNumbers, input.telephoneNumbers)) {
              const message =
                `Bandwidth already holds order ${order.orderId} under CustomerOrderId ${input.customerOrderId} ` +
                `with ${siteDiffers ? 'another site' : 'other numbers'}; it is not this request's, so nothing was ordered`;
              log.error('CustomerOrderId names another order', {
                customerOrderId: input.customerOrderId,
                orderId: order.orderId,
              });
              throw refusal(FailureType.OrderIdConflict, message, {
                errors: [{ code: 'ORDER_ID_CONFLICT', description: message, telephoneNumbers: [] }],
                failure: { code: 'ORDER_ID_CONFLICT', message },
              });
            }
            log.info('import order found from an earlier attempt', {
              customerOrderId: input.customerOrderId,
              orderId: order.orderId,
            });
            result = { ...orderState(order), reused: true };
          } else {
            const order = await bandwidthCall(() => bandwidth.createImportOrder(input));
            log.info('import order created', {
              customerOrderId: input.customerOrderId,
              orderId: order.orderId,
              numbers: input.telephoneNumbers.length,
            });
            result = { ...orderState(order), reused: false };
          }
          await record(requestId, createdOps(index, result));
          return result;
        },
        (refused) => ({
          requestId,
          ops: [
            {
              op: 'refused',
              index,
              scope: input.telephoneNumbers,
              rejections: refused.rejections,
              ...(refused.details.failure ? { failure: refused.details.failure } : {}),
            },
          ],
        }),
      );
    },

    async getImportOrder({ orderId, record: target }: GetImportOrderInput): Promise<ImportOrderState> {
      return step(async () => {
        const order = orderState(await bandwidthCall(() => bandwidth.getImportOrder(orderId)));
        await record(target.requestId, [orderReadOp(target.index, order)]);
        return order;
      });
    },

    /** Idempotent: hostflow is the only uploader, so an LOA already on the order is ours. */
    async uploadLoa({ orderId, loa, record: target }: UploadLoaInput): Promise<UploadLoaResult> {
      const { requestId, index } = target;
      return step(
        async () => {
          const files = await bandwidthCall(() => bandwidth.listLoas(orderId));
          const already = files.find((f) => (f.documentType ?? 'LOA').toUpperCase() === 'LOA');
          let result: UploadLoaResult;
          if (already) {
            result = { filename: already.fileName, reused: true };
          } else {
            const document = await records.loas.get(loa.key);
            if (!document) {
              throw refusal(FailureType.LoaMissing, `LOA file ${loa.filename} is not in hostflow's record`, {
                errors: [],
              });
            }
            const upload = await bandwidthCall(() =>
              bandwidth.uploadLoa(orderId, {
                contentType: document.contentType,
                data: document.data,
                documentType: 'LOA',
              }),
            );
            log.info('LOA uploaded', { orderId, filename: upload.filename, bytes: document.bytes });
            result = { filename: upload.filename, reused: false };
          }
          await record(requestId, [{ op: 'loaUploaded', index, filename: result.filename }]);
          return result;
        },
        (refused) => ({ requestId, ops: [{ op: 'loaRefused', index, error: refused.failure.message }] }),
      );
    },

    /** Un-hosting, idempotent like ordering: an earlier removal under the same CustomerOrderId is reused. */
    async removeImportedNumbers({
      customerOrderId,
      telephoneNumbers,
      record: target,
    }: RemoveNumbersInput): Promise<RemovalOrderState> {
      return step(
        async () => {
          const existing = await bandwidthCall(() => bandwidth.listRemoveImportedTnOrders({ customerOrderId }));
          const earlier = existing.find((o) => o.customerOrderId === customerOrderId);
          const order = earlier
            ? await bandwidthCall(() => bandwidth.getRemoveImportedTnOrder(earlier.orderId))
            : await bandwidthCall(() => bandwidth.createRemoveImportedTnOrder({ customerOrderId, telephoneNumbers }));
          const state = removalState(order);
          await record(target.requestId, [removalOp(target.index, state, telephoneNumbers)]);
          return state;
        },
        (refused) => ({ requestId: target.requestId, ops: [removalRefusedOp(target.index, refused.failure.message)] }),
      );
    },

    async getRemovalOrder({
      orderId,
      telephoneNumbers,
      record: target,
    }: GetRemovalOrderInput): Promise<RemovalOrderState> {
      return step(
        async () => {
          const state = removalState(await bandwidthCall(() => bandwidth.getRemoveImportedTnOrder(orderId)));
          await record(target.requestId, [removalOp(target.index, state, telephoneNumbers)]);
          return state;
        },
        (refused) => ({ requestId: target.requestId, ops: [removalRefusedOp(target.index, refused.failure.message)] }),
      );
    },

    /** What the workflow decided without a Bandwidth call (a cancellation), into the record. */
    async recordOps({ requestId, ops }: RecordOpsInput): Promise<void> {
      await record(requestId, ops);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
