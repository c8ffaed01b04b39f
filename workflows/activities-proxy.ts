import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type {
  CheckImportabilityInput,
  CreateImportOrderInput,
  GetImportOrderInput,
  GetRemovalOrderInput,
  RecordOpsInput,
  RemoveNumbersInput,
  UploadLoaInput,
} from '../activities/types.js';

/**
 * Bandwidth calls: a minute per attempt covers a slow 5000-number check; activities heartbeat
 * while a call is in flight, so a worker that dies mid-call is noticed in 15 seconds. Transient
 * failures (5xx, timeouts, 429, the database unreachable) retry without limit on a backoff capped
 * at a minute, because a hosting request should outlive an outage; permanent refusals are
 * non-retryable.
 */
const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Each call carries a one-line summary for the Web UI's event history. Summaries are stored in
 * the clear: ids and counts only, never subscriber data.
 */
export const bandwidth = {
  checkImportability: (input: CheckImportabilityInput) =>
    activities.checkImportability.executeWithOptions(
      { summary: `Check ${plural(input.telephoneNumbers.length, 'number')} with Bandwidth (importTnChecker)` },
      [input],
    ),
  createImportOrder: (input: CreateImportOrderInput) =>
    activities.createImportOrder.executeWithOptions(
      {
        summary: `Create import order ${input.customerOrderId} for ${plural(input.telephoneNumbers.length, 'number')}`,
      },
      [input],
    ),
  getImportOrder: (input: GetImportOrderInput) =>
    activities.getImportOrder.executeWithOptions({ summary: `Read import order ${input.orderId}` }, [input]),
  uploadLoa: (input: UploadLoaInput) =>
    activities.uploadLoa.executeWithOptions(
      { summary: `Upload LOA (${input.loa.contentType}, ${input.loa.bytes} bytes) to order ${input.orderId}` },
      [input],
    ),
  removeImportedNumbers: (input: RemoveNumbersInput) =>
    activities.removeImportedNumbers.executeWithOptions(
      { summary: `Un-host ${plural(input.telephoneNumbers.length, 'number')} (${input.customerOrderId})` },
      [input],
    ),
  getRemovalOrder: (input: GetRemovalOrderInput) =>
    activities.getRemovalOrder.executeWithOptions({ summary: `Read un-hosting order ${input.orderId}` }, [input]),
  /** For what the workflow decides without a Bandwidth call (a cancellation): into the record. */
  recordOps: (input: RecordOpsInput) =>
    activities.recordOps.executeWithOptions({ summary: `Record ${input.ops.map((o) => o.op).join(', ')}` }, [input]),
};
