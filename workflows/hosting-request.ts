import {
  CancellationScope,
  continueAsNew,
  ParentClosePolicy,
  condition,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import {
  DEFAULT_MAX_NUMBERS_PER_ORDER,
  importableNumbers,
  planOrders,
  type PlannedOrder,
} from '../contract/order-plan.js';
import { checkedOps, rejectionsOf } from '../contract/record-facts.js';
import { bandwidth } from './activities-proxy.js';
import { permanentFailureOf } from './failures.js';
import { ORDER_PART_WORKFLOW_TYPE, workflowIdFor } from './ids.js';
import { cancelSignal, orderProgressSignal, provideLoaSignal } from './messages.js';
import { runOrder, type WaitProgress } from './order-run.js';
import type { hostingOrderPart } from './hosting-order-part.js';
import { handleRequestSignals, type RequestSignals } from './request-signals.js';
import {
  CustomerOrderIdKey,
  HostingStatusKey,
  SiteIdKey,
  TelephoneNumbersKey,
  searchableNumbers,
} from './search-attributes.js';
import type { HostingRequestInput, HostingRequestView } from './types.js';
import { newView, ViewState } from './view-state.js';

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

/**
 * One hosting request: check → keep the importable numbers → one import order (or several, for
 * more numbers than an order takes) → wait for Bandwidth → LOA → every number's outcome. Each
 * step's activity records what it learned in hostflow's database; the workflow's own view (its
 * result) follows the same record ops.
 */
export async function hostingRequest(input: HostingRequestInput): Promise<HostingRequestView> {
  const resume = input.resume;
  const state = new ViewState(
    resume?.view ??
      newView({
        id: input.id,
        workflowId: workflowInfo().workflowId,
        telephoneNumbers: input.telephoneNumbers,
        hasLoa: Boolean(input.loa),
        createdAt: input.createdAt,
      }),
  );
  const signals = handleRequestSignals(state, {
    notices: resume?.notices,
    cancelRequested: resume?.cancelRequested,
    loa: resume?.lateLoa ?? input.loa,
  });
  // A split request's parts forward what they recorded (ops carry this request's order index).
  setHandler(orderProgressSignal, (progress) => state.apply(...progress.ops));

  // Cancellation is handled as a request to cancel, never by abandoning a step half done.
  await CancellationScope.nonCancellable(async () => {
    const maxPerOrder = input.maxNumbersPerOrder ?? DEFAULT_MAX_NUMBERS_PER_ORDER;
    // After continue-as-new the check is long done: the numbers still pending are the order's.
    const importable = resume ? state.numbersWith('PENDING') : await checkNumbers(input, state, maxPerOrder);
    if (importable === undefined || importable.length === 0) return;
    if (signals.isCancelRequested() && !resume) {
      await bandwidth.recordOps({ requestId: input.id, ops: [{ op: 'cancelled', scope: importable }] });
      state.apply({ op: 'cancelled', scope: importable });
      return;
    }
    const plan = planOrders(input.id, importable, maxPerOrder);
    if (plan.length > 1) return runParts(input, state, signals, plan);

    const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
    await runOrder(
      {
        customerOrderId: input.id,
        telephoneNumbers: importable,
        siteId: input.siteId,
        sipPeerId: input.sipPeerId,
        subscriber: input.subscriber,
        loaAuthorizingPerson: input.loaAuthorizingPerson,
        wait: input.wait,
        record: { requestId: input.id, index: 0 },
      },
      {
        state,
        ...signals,
        resume: resume
          ? { orderId: resume.orderId, pollIntervalMs: resume.pollIntervalMs, waitDeadline: resume.waitDeadline }
          : undefined,
        // A long wait (days of polls) would grow history without bound: carry on in a fresh run.
        checkpoint: async (progress: WaitProgress) => {
          const info = workflowInfo();
          if (info.continueAsNewSuggested || info.historyLength >= limit) {
            await continueAsNewWith(input, state, signals, progress);
          }
        },
      },
    );
  });
  return state.view;
}

/** Importability check; undefined when Bandwidth refused the check itself (request FAILED). */
async function checkNumbers(
  input: HostingRequestInput,
  state: ViewState,
  maxPerOrder: number,
): Promise<string[] | undefined> {
  try {
    const check = await bandwidth.checkImportability({
      telephoneNumbers: input.telephoneNumbers,
      siteId: input.siteId,
      sipPeerId: input.sipPeerId,
      requestId: input.id,
      maxNumbersPerOrder: maxPerOrder,
      origin: { createdAt: input.createdAt, hasLoa: Boolean(input.loa), siteId: input.siteId },
    });
    state.apply(...checkedOps(input.id, input.telephoneNumbers, check, maxPerOrder));
    return importableNumbers(input.telephoneNumbers, check);
  } catch (error) {
    const refusal = permanentFailureOf(error);
    if (!refusal) throw error;
    state.apply({ op: 'refused', rejections: rejectionsOf(refusal) });
    return undefined;
  }
}

function continueAsNewWith(
  input: HostingRequestInput,
  state: ViewState,
  signals: RequestSignals,
  progress: WaitProgress,
): Promise<never> {
  return continueAsNew<typeof hostingRequest>({
    ...input,
    resume: {
      view: state.view,
      orderId: progress.orderId,
      pollIntervalMs: progress.pollIntervalMs,
      waitDeadline: progress.waitDeadline,
      notices: signals.notices,
      cancelRequested: signals.isCancelRequested(),
      lateLoa: signals.currentLoa().loa,
    },
  });
}

/** More numbers than one order takes: one child workflow per order, ids derived from the request's. */
async function runParts(
  input: HostingRequestInput,
  state: ViewState,
  signals: RequestSignals,
  plan: PlannedOrder[],
): Promise<void> {
  const total = plan.length;
  const parts: Array<ChildWorkflowHandle<typeof hostingOrderPart>> = [];
  for (const [i, { customerOrderId, telephoneNumbers }] of plan.entries()) {
    parts.push(
      await startChild<typeof hostingOrderPart>(ORDER_PART_WORKFLOW_TYPE, {
        workflowId: workflowIdFor(customerOrderId),
        args: [
          {
            parentWorkflowId: workflowInfo().workflowId,
            index: i,
            requestId: input.id,
            customerOrderId,
            telephoneNumbers,
            siteId: input.siteId,
            sipPeerId: input.sipPeerId,
            subscriber: input.subscriber,
            loaAuthorizingPerson: input.loaAuthorizingPerson,
            loa: input.loa,
            createdAt: input.createdAt,
            wait: input.wait,
          },
        ],
        // Cancelling (or closing) the request asks every part to cancel: they un-host, not abandon.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        typedSearchAttributes: [
          { key: HostingStatusKey, value: 'ORDERING' },
          { key: CustomerOrderIdKey, value: customerOrderId },
          { key: TelephoneNumbersKey, value: searchableNumbers(telephoneNumbers) },
          { key: SiteIdKey, value: input.siteId },
        ],
        staticSummary: `Order ${i + 1} of ${total} (${telephoneNumbers.length} numbers) of hosting request ${input.id}`,
      }),
    );
  }

  const results: Array<HostingRequestView | undefined> = new Array(total);
  let failure: unknown;
  parts.forEach((handle, i) => {
    handle.result().then(
      (view) => {
        results[i] = view;
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
  });
  const done = () => results.filter(Boolean).length === total || failure !== undefined;
  let cancelForwarded = false;
  let loaForwarded = 0;
  const forward = async (send: (handle: ChildWorkflowHandle<typeof hostingOrderPart>) => Promise<void>) => {
    // A part that already ended cannot take a signal; that is fine.
    await Promise.all(parts.map(async (handle, i) => (results[i] ? undefined : send(handle).catch(() => undefined))));
  };
  for (;;) {
    await condition(
      () =>
        done() || (signals.isCancelRequested() && !cancelForwarded) || signals.currentLoa().version !== loaForwarded,
    );
    if (done()) break;
    if (signals.isCancelRequested() && !cancelForwarded) {
      cancelForwarded = true;
      await forward((handle) => handle.signal(cancelSignal, {}));
    }
    const { loa, version } = signals.currentLoa();
    if (version !== loaForwarded) {
      loaForwarded = version;
      if (loa) await forward((handle) => handle.signal(provideLoaSignal, loa));
    }
  }
  if (failure !== undefined) throw failure;
  results.forEach((view, i) => state.mergePart(i, view!));
}
