import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { BandwidthClient } from '../bandwidth/index.js';
import { BandwidthError } from '../bandwidth/index.js';
import type { LoaStore } from '../storage/loa-store.js';
import { FailureType, type RejectionDetails } from '../contract/failures.js';
import type { OrderStatus } from '../workflows/types.js';
import type {
  CheckImportabilityInput,
  CheckImportabilityResult,
  CreateImportOrderInput,
  CreateImportOrderResult,
  ImportOrderState,
  RemovalOrderState,
  RemoveNumbersInput,
  UploadLoaInput,
  UploadLoaResult,
} from './types.js';

export interface ActivityDependencies {
  bandwidth: BandwidthClient;
  loaStore: LoaStore;
}

/**
 * Turns a Bandwidth error into what Temporal should do with it: permanent refusals become
 * non-retryable failures carrying Bandwidth's codes; a 429 retries after its reset time; anything
 * else is rethrown as is for Temporal's retry policy.
 */
function asTemporalFailure(error: unknown): unknown {
  if (!(error instanceof BandwidthError)) return error;
  const details: RejectionDetails = { status: error.status, errors: error.errors };
  if (!error.retryable) {
    return ApplicationFailure.create({
      type: FailureType.BandwidthRejected,
      message: error.message,
      nonRetryable: true,
      details: [details],
      cause: error,
    });
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
    throw asTemporalFailure(error);
  } finally {
    clearInterval(beat);
  }
}

function orderState(order: {
  orderId: string;
  processingStatus: string;
  errors: ImportOrderState['errors'];
  telephoneNumbers: string[];
}): ImportOrderState {
  return {
    orderId: order.orderId,
    processingStatus: order.processingStatus as OrderStatus,
    errors: order.errors,
    telephoneNumbers: order.telephoneNumbers,
  };
}

/** The side-effect steps of a hosting request, each one named Bandwidth action. */
export function createActivities({ bandwidth, loaStore }: ActivityDependencies) {
  return {
    async checkImportability(input: CheckImportabilityInput): Promise<CheckImportabilityResult> {
      const result = await bandwidthCall(() => bandwidth.checkImportability(input));
      return { importable: result.importable, rejected: result.rejected };
    },

    /**
     * Idempotent: the CustomerOrderId is unique to the request, so an existing order under it is
     * the one an earlier attempt created (its answer lost to a crash, a timeout or a 5xx).
     */
    async createImportOrder(input: CreateImportOrderInput): Promise<CreateImportOrderResult> {
      const existing = await bandwidthCall(() =>
        bandwidth.listImportOrders({ customerOrderId: input.customerOrderId }),
      );
      const earlier = existing.find((o) => o.customerOrderId === input.customerOrderId);
      if (earlier) {
        const order = await bandwidthCall(() => bandwidth.getImportOrder(earlier.orderId));
        log.info('import order found from an earlier attempt', {
          customerOrderId: input.customerOrderId,
          orderId: order.orderId,
        });
        return { ...orderState(order), reused: true };
      }
      const order = await bandwidthCall(() => bandwidth.createImportOrder(input));
      log.info('import order created', {
        customerOrderId: input.customerOrderId,
        orderId: order.orderId,
        numbers: input.telephoneNumbers.length,
      });
      return { ...orderState(order), reused: false };
    },

    async getImportOrder({ orderId }: { orderId: string }): Promise<ImportOrderState> {
      return orderState(await bandwidthCall(() => bandwidth.getImportOrder(orderId)));
    },

    /** Idempotent: hostflow is the only uploader, so an LOA already on the order is ours. */
    async uploadLoa({ orderId, loa }: UploadLoaInput): Promise<UploadLoaResult> {
      const files = await bandwidthCall(() => bandwidth.listLoas(orderId));
      const already = files.find((f) => (f.documentType ?? 'LOA').toUpperCase() === 'LOA');
      if (already) return { filename: already.fileName, reused: true };
      const data = await loaStore.get(loa.key);
      if (!data) {
        throw ApplicationFailure.create({
          type: FailureType.LoaMissing,
          message: `LOA file ${loa.filename} is no longer in the LOA store`,
          nonRetryable: true,
        });
      }
      const upload = await bandwidthCall(() =>
        bandwidth.uploadLoa(orderId, { contentType: loa.contentType, data, documentType: 'LOA' }),
      );
      log.info('LOA uploaded', { orderId, filename: upload.filename, bytes: loa.bytes });
      return { filename: upload.filename, reused: false };
    },

    /** Un-hosting, idempotent like ordering: an earlier removal under the same CustomerOrderId is reused. */
    async removeImportedNumbers({ customerOrderId, telephoneNumbers }: RemoveNumbersInput): Promise<RemovalOrderState> {
      const existing = await bandwidthCall(() => bandwidth.listRemoveImportedTnOrders({ customerOrderId }));
      const earlier = existing.find((o) => o.customerOrderId === customerOrderId);
      const order = earlier
        ? await bandwidthCall(() => bandwidth.getRemoveImportedTnOrder(earlier.orderId))
        : await bandwidthCall(() => bandwidth.createRemoveImportedTnOrder({ customerOrderId, telephoneNumbers }));
      return { orderId: order.orderId, processingStatus: order.processingStatus, errors: order.errors };
    },

    async getRemovalOrder({ orderId }: { orderId: string }): Promise<RemovalOrderState> {
      const order = await bandwidthCall(() => bandwidth.getRemoveImportedTnOrder(orderId));
      return { orderId: order.orderId, processingStatus: order.processingStatus, errors: order.errors };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
