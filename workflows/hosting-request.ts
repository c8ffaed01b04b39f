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
import { bandwidth } from './activities-proxy.js';
import { permanentFailureOf } from './failures.js';
import { orderPartCustomerOrderId, workflowIdFor } from './ids.js';
import { cancelSignal, orderProgressSignal, provideLoaSignal } from './messages.js';
import { runOrder, type OrderOutcome, type WaitProgress } from './order-run.js';
import type { hostingOrderPart } from './hosting-order-part.js';
import { handleRequestSignals, type RequestSignals } from './request-signals.js';
import {
  CustomerOrderIdKey,
  HostingStatusKey,
  SiteIdKey,
  TelephoneNumbersKey,
  searchableNumbers,
} from './search-attributes.js';
import type { HostingRequestInput, HostingRequestView, HostingStatus, OrderProgressSignal } from './types.js';
import { newView, ViewState } from './view-state.js';

const DEFAULT_MAX_NUMBERS_PER_ORDER = 5000;
const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

/**
 * One hosting request: check → keep the importable numbers → one import order (or several, for
 * more numbers than an order takes) → wait for Bandwidth → LOA → every number's outcome.
 */
export async function hostingRequest(input: HostingRequestInput): Promise<HostingRequestView> {
  const resume = input.resume;
  const state = new ViewState(
    resume?.view ??
      newView({
        id: input.id,
        workflowId: workflowInfo().workflowId,
        status: 'CHECKING',
        telephoneNumbers: input.telephoneNumbers,
        loa: input.loa,
        createdAt: input.createdAt,
      }),
  );
  const signals = handleRequestSignals(state, {
    notices: resume?.notices,
    cancelRequested: resume?.cancelRequested,
    loa: resume?.lateLoa ?? input.loa,
  });
  const parts: Array<ChildWorkflowHandle<typeof hostingOrderPart>> = [];
  const partStatuses = new Map<number, HostingStatus>();
  setHandler(orderProgressSignal, (progress) => applyPartProgress(state, progress, partStatuses, parts.length));

  // Cancellation is handled as a request to cancel, never by abandoning a step half done.
  const outcome = await CancellationScope.nonCancellable(async (): Promise<HostingStatus> => {
    // After continue-as-new the check is long done: the numbers still pending are the order's.
    const importable = resume ? state.numbersWith('PENDING') : await checkNumbers(input, state);
    if (importable === undefined) return 'FAILED';
    if (signals.isCancelRequested() && !resume) {
      state.setOutcome(importable, {
        status: 'FAILED',
        errorCode: 'CANCELLED',
        errorDescription: 'Cancelled before the order was created.',
      });
      return 'CANCELLED';
    }
    if (importable.length === 0) return 'NOTHING_IMPORTABLE';

    const maxPerOrder = input.maxNumbersPerOrder ?? DEFAULT_MAX_NUMBERS_PER_ORDER;
    if (importable.length > maxPerOrder) return runParts(input, state, signals, importable, maxPerOrder, parts);

    if (!resume)
      state.view.orders = [
        { customerOrderId: input.id, orderId: null, orderStatus: null, telephoneNumbers: importable.length },
      ];
    const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
    return runOrder(
      {
        customerOrderId: input.id,
        telephoneNumbers: importable,
        siteId: input.siteId,
        sipPeerId: input.sipPeerId,
        subscriber: input.subscriber,
        loaAuthorizingPerson: input.loaAuthorizingPerson,
        wait: input.wait,
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
          if (info.continueAsNewSuggested || info.historyLength >= limit)
            await continueAsNewWith(input, state, signals, progress);
        },
      },
    );
  });
  if (state.view.loa.status === 'PENDING')
    state.setLoa({ status: 'FAILED', error: 'Not uploaded: no order of this request completed.' });
  state.setStatus(outcome);
  return state.view;
}

/** Importability check; undefined when Bandwidth refused the check itself (request FAILED). */
async function checkNumbers(input: HostingRequestInput, state: ViewState): Promise<string[] | undefined> {
  try {
    const check = await bandwidth.checkImportability({
      telephoneNumbers: input.telephoneNumbers,
      siteId: input.siteId,
      sipPeerId: input.sipPeerId,
    });
    for (const r of check.rejected) {
      state.setOutcome(r.telephoneNumbers, {
        status: 'NOT_IMPORTABLE',
        errorCode: r.code,
        errorDescription: r.description,
      });
    }
    const importable = new Set(check.importable);
    return input.telephoneNumbers.filter((tn) => importable.has(tn) && state.statusOf(tn) === 'PENDING');
  } catch (error) {
    const refusal = permanentFailureOf(error);
    if (!refusal) throw error;
    state.rejectAll(
      input.telephoneNumbers,
      refusal.details?.errors ?? [{ code: refusal.type, description: refusal.message, telephoneNumbers: [] }],
    );
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

const STATUS_RANK: HostingStatus[] = ['CHECKING', 'ORDERING', 'AWAITING_ORDER', 'UPLOADING_LOA'];

function applyPartProgress(
  state: ViewState,
  progress: OrderProgressSignal,
  partStatuses: Map<number, HostingStatus>,
  parts: number,
): void {
  state.setOrder(progress.index, progress.orderId, progress.orderStatus);
  if (progress.numbers) {
    for (const n of progress.numbers)
      state.setOutcome([n.telephoneNumber], {
        status: n.status,
        errorCode: n.errorCode,
        errorDescription: n.errorDescription,
      });
  }
  partStatuses.set(progress.index, progress.status);
  if (partStatuses.size === parts && parts > 0) state.setStatus(combineStatuses([...partStatuses.values()]));
}

/** The request's status from its parts': the least advanced while any is under way, else the combined end. */
function combineStatuses(statuses: HostingStatus[]): HostingStatus {
  const running = statuses.filter((s) => STATUS_RANK.includes(s));
  if (running.length > 0) return running.sort((a, b) => STATUS_RANK.indexOf(a) - STATUS_RANK.indexOf(b))[0]!;
  if (statuses.includes('CANCELLED')) return 'CANCELLED';
  if (statuses.every((s) => s === 'COMPLETE')) return 'COMPLETE';
  if (statuses.every((s) => s === 'FAILED')) return 'FAILED';
  return 'PARTIAL';
}

/** More numbers than one order takes: one child workflow per order, ids derived from the request's. */
async function runParts(
  input: HostingRequestInput,
  state: ViewState,
  signals: RequestSignals,
  importable: string[],
  maxPerOrder: number,
  parts: Array<ChildWorkflowHandle<typeof hostingOrderPart>>,
): Promise<OrderOutcome> {
  const slices: string[][] = [];
  for (let i = 0; i < importable.length; i += maxPerOrder) slices.push(importable.slice(i, i + maxPerOrder));
  const total = slices.length;
  state.view.orders = slices.map((slice, i) => ({
    customerOrderId: orderPartCustomerOrderId(input.id, i + 1, total),
    orderId: null,
    orderStatus: null,
    telephoneNumbers: slice.length,
  }));
  state.setStatus('ORDERING');
  for (const [i, slice] of slices.entries()) {
    const customerOrderId = state.view.orders[i]!.customerOrderId;
    parts.push(
      await startChild<typeof hostingOrderPart>('hostingOrderPart', {
        workflowId: workflowIdFor(customerOrderId),
        args: [
          {
            parentWorkflowId: workflowInfo().workflowId,
            index: i,
            requestId: input.id,
            customerOrderId,
            telephoneNumbers: slice,
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
          { key: TelephoneNumbersKey, value: searchableNumbers(slice) },
          { key: SiteIdKey, value: input.siteId },
        ],
        staticSummary: `Order ${i + 1} of ${total} (${slice.length} numbers) of hosting request ${input.id}`,
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

  const views = results as HostingRequestView[];
  for (const [i, view] of views.entries()) {
    state.setOrder(i, view.orderId, view.orderStatus);
    for (const n of view.numbers)
      state.setOutcome([n.telephoneNumber], {
        status: n.status,
        errorCode: n.errorCode,
        errorDescription: n.errorDescription,
      });
  }
  const loas = views.map((v) => v.loa);
  if (loas.every((l) => l.status === 'UPLOADED'))
    state.setLoa({ status: 'UPLOADED', filename: loas.map((l) => l.filename).join(',') });
  else if (loas.some((l) => l.status === 'FAILED')) state.setLoa(loas.find((l) => l.status === 'FAILED')!);
  else if (loas.every((l) => l.status === 'NONE')) state.setLoa({ status: 'NONE' });
  const removals = views.map((v) => v.removal).filter((r) => r !== undefined);
  if (removals.length > 0) {
    state.set('removal', {
      orderId:
        removals
          .map((r) => r.orderId)
          .filter(Boolean)
          .join(',') || null,
      status: removals.every((r) => r.status === 'COMPLETE') ? 'COMPLETE' : removals[0]!.status,
      telephoneNumbers: removals.flatMap((r) => r.telephoneNumbers),
    });
  }
  return combineStatuses(views.map((v) => v.status)) as OrderOutcome;
}
