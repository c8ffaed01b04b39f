import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BareActivities } from './activities.js';
import type { HostingRequestInput, OrderNotificationSignal } from '../../workflows/types.js';

/**
 * The baselines: bare Temporal workflows of the card's shape, with nothing of hostflow's design
 * (no search attributes, no view, no safety-net poll, no re-read). Same activity options as
 * hostflow, so retries and timeouts cannot make the difference.
 */
const bare = proxyActivities<BareActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Same name and payload as hostflow's signal, so the signal costs the same to send. */
export const bareNotificationSignal = defineSignal<[OrderNotificationSignal]>('orderNotification');

export interface BareResult {
  orderId: string;
  importable: number;
  filename: string;
}

/** check → create → wait for the notification signal → upload. */
export async function bareHostingRequest(input: HostingRequestInput): Promise<BareResult> {
  let notified = false;
  setHandler(bareNotificationSignal, () => {
    notified = true;
  });
  const check = await bare.checkImportability({ telephoneNumbers: input.telephoneNumbers, siteId: input.siteId });
  const order = await bare.createImportOrder({ customerOrderId: input.id, telephoneNumbers: check.importable });
  await condition(() => notified);
  const upload = await bare.uploadLoa({ orderId: order.orderId });
  return { orderId: order.orderId, importable: check.importable.length, filename: upload.filename };
}

export interface PollingDesignInput {
  id: string;
  telephoneNumbers: string[];
  /** How often the order is read (30 s in the design compared against, shorter to run it). */
  pollIntervalMs: number;
  /** The order is found ended on this poll (120 = one hour at 30 s). */
  polls: number;
}

/** The design hostflow is compared against: no webhook, the order read on a fixed timer until it ends. */
export async function pollingDesignRequest(input: PollingDesignInput): Promise<BareResult> {
  const check = await bare.checkImportability({ telephoneNumbers: input.telephoneNumbers });
  const order = await bare.createImportOrder({ customerOrderId: input.id, telephoneNumbers: check.importable });
  for (let poll = 1; ; poll++) {
    await sleep(input.pollIntervalMs);
    const state = await bare.readOrder({ orderId: order.orderId, endsOnPoll: input.polls, poll });
    if (state.ended) break;
  }
  const upload = await bare.uploadLoa({ orderId: order.orderId });
  return { orderId: order.orderId, importable: check.importable.length, filename: upload.filename };
}
