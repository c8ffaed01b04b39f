import { CancellationScope, setHandler } from '@temporalio/workflow';
import { cancelSignal, orderNotificationSignal, provideLoaSignal, statusQuery } from './messages.js';
import type { LoaReference, OrderNotificationSignal } from './types.js';
import type { ViewState } from './view-state.js';

/** What a request (or a part of one) has been told from outside, as the order run reads it. */
export interface RequestSignals {
  notices: OrderNotificationSignal[];
  isCancelRequested(): boolean;
  currentLoa(): { loa?: LoaReference; version: number };
}

/**
 * Registers the handlers every hosting workflow shares: notifications (kept even before the order
 * id is known, since Bandwidth may call back before the create call returns), cancellation —
 * from the API's signal or Temporal's own cancel, e.g. the Web UI's button — late LOAs, and the
 * status query.
 */
export function handleRequestSignals(
  state: ViewState,
  initial: { notices?: OrderNotificationSignal[]; cancelRequested?: boolean; loa?: LoaReference },
): RequestSignals {
  const notices = initial.notices ?? [];
  let cancelRequested = initial.cancelRequested ?? false;
  let loa = initial.loa;
  let loaVersion = 0;
  const requestCancel = () => {
    if (cancelRequested) return;
    cancelRequested = true;
    state.apply({ op: 'cancelRequested' });
  };
  setHandler(orderNotificationSignal, (notice) => {
    notices.push(notice);
  });
  setHandler(cancelSignal, requestCancel);
  setHandler(provideLoaSignal, (given) => {
    if (state.view.loa.status === 'UPLOADED') return;
    loa = given;
    loaVersion++;
    state.apply({ op: 'loaGiven' });
  });
  setHandler(statusQuery, () => state.view);
  CancellationScope.current().cancelRequested.catch(requestCancel);
  return {
    notices,
    isCancelRequested: () => cancelRequested,
    currentLoa: () => ({ loa, version: loaVersion }),
  };
}
