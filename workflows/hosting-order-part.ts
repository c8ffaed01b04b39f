import { CancellationScope, getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import type { RecordOp } from '../contract/record-ops.js';
import { orderProgressSignal } from './messages.js';
import { runOrder } from './order-run.js';
import { handleRequestSignals } from './request-signals.js';
import type { HostingRequestView, OrderPartInput } from './types.js';
import { newView, ViewState } from './view-state.js';

/**
 * One order of a request split over several (more numbers than one order takes). Its workflow id
 * comes from its own CustomerOrderId, so Bandwidth's notification for it reaches it directly. Its
 * activities record into the request's record at the part's index; what they record is
 * forwarded to the parent request's workflow so its view follows.
 */
export async function hostingOrderPart(input: OrderPartInput): Promise<HostingRequestView> {
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  const forward = (ops: RecordOp[]) => {
    const indexed = ops.flatMap((op) => ('index' in op ? [{ ...op, index: input.index }] : []));
    if (indexed.length === 0) return;
    // The parent may have closed (terminated by an operator); the part still finishes its order.
    parent.signal(orderProgressSignal, { index: input.index, ops: indexed }).catch(() => undefined);
  };
  const view = newView({
    id: input.customerOrderId,
    workflowId: workflowInfo().workflowId,
    telephoneNumbers: input.telephoneNumbers,
    hasLoa: Boolean(input.loa),
    createdAt: input.createdAt,
  });
  view.status = 'ORDERING';
  view.orders = [
    {
      customerOrderId: input.customerOrderId,
      orderId: null,
      orderStatus: null,
      telephoneNumbers: input.telephoneNumbers.length,
      status: 'ORDERING',
    },
  ];
  const state = new ViewState(view, forward);
  const signals = handleRequestSignals(state, { loa: input.loa });
  await CancellationScope.nonCancellable(() =>
    runOrder(
      {
        customerOrderId: input.customerOrderId,
        telephoneNumbers: input.telephoneNumbers,
        siteId: input.siteId,
        sipPeerId: input.sipPeerId,
        subscriber: input.subscriber,
        loaAuthorizingPerson: input.loaAuthorizingPerson,
        wait: input.wait,
        record: { requestId: input.requestId, index: input.index },
      },
      { state, ...signals },
    ),
  );
  return state.view;
}
