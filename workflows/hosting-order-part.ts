import { CancellationScope, getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { orderProgressSignal } from './messages.js';
import { runOrder } from './order-run.js';
import { handleRequestSignals } from './request-signals.js';
import type { HostingRequestView, OrderPartInput } from './types.js';
import { TERMINAL_STATUSES } from './types.js';
import { newView, ViewState } from './view-state.js';

/**
 * One order of a request split over several (more numbers than one order takes). Its workflow id
 * comes from its own CustomerOrderId, so Bandwidth's notification for it reaches it directly; it
 * reports its progress to the parent request.
 */
export async function hostingOrderPart(input: OrderPartInput): Promise<HostingRequestView> {
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  const report = (view: HostingRequestView) => {
    const ended = TERMINAL_STATUSES.includes(view.status);
    parent
      .signal(orderProgressSignal, {
        index: input.index,
        status: view.status,
        orderId: view.orderId,
        orderStatus: view.orderStatus,
        ...(ended ? { numbers: view.numbers, loa: view.loa } : {}),
      })
      // The parent may have closed (terminated by an operator); the part still finishes its order.
      .catch(() => undefined);
  };
  const state = new ViewState(
    newView({
      id: input.customerOrderId,
      workflowId: workflowInfo().workflowId,
      status: 'ORDERING',
      telephoneNumbers: input.telephoneNumbers,
      loa: input.loa,
      createdAt: input.createdAt,
      orders: [
        {
          customerOrderId: input.customerOrderId,
          orderId: null,
          orderStatus: null,
          telephoneNumbers: input.telephoneNumbers.length,
        },
      ],
    }),
    report,
  );
  const signals = handleRequestSignals(state, { loa: input.loa });
  const outcome = await CancellationScope.nonCancellable(() =>
    runOrder(
      {
        customerOrderId: input.customerOrderId,
        telephoneNumbers: input.telephoneNumbers,
        siteId: input.siteId,
        sipPeerId: input.sipPeerId,
        subscriber: input.subscriber,
        loaAuthorizingPerson: input.loaAuthorizingPerson,
        wait: input.wait,
      },
      { state, ...signals },
    ),
  );
  if (state.view.loa.status === 'PENDING')
    state.setLoa({ status: 'FAILED', error: 'Not uploaded: the order did not complete.' });
  state.setStatus(outcome);
  return state.view;
}
