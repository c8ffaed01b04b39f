import type { HostingRequestView } from '../../client/index.js';
import { formatElapsed, requestElapsedMs } from './duration.js';
import { countsText, isEnded, loaText, numbersDone, orderText } from './view-summary.js';

/** Cancellation asked for, not yet reached. */
function cancelling(view: HostingRequestView): boolean {
  return Boolean(view.cancelRequested) && view.status !== 'CANCELLED';
}

/** What a watcher shows; a change of any of these is a new line in line mode. */
export function progressKey(view: HostingRequestView): string {
  return JSON.stringify([
    view.status,
    view.orderStatus,
    view.orders.map((o) => o.orderStatus),
    countsText(view),
    view.loa.status,
    view.cancelRequested ?? false,
    view.removal?.status,
  ]);
}

/** One line per change when stdout is not a terminal (logs, CI, pipes). */
export function progressLine(view: HostingRequestView, now = Date.now()): string {
  const ended = isEnded(view);
  const elapsed = formatElapsed(requestElapsedMs(view, ended, now));
  const parts = [
    `${view.status}${cancelling(view) ? ' (cancelling)' : ''}`,
    view.id,
    `numbers ${numbersDone(view)}/${view.numbers.length} done (${countsText(view)})`,
    `order ${orderText(view)}`,
    `LOA ${loaText(view)}`,
    ended ? `took ${elapsed}` : `elapsed ${elapsed}`,
  ];
  return parts.join(' · ');
}

function bar(done: number, total: number, width: number): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** The compact block redrawn in place on a terminal. */
export function progressBlock(view: HostingRequestView, columns: number, now = Date.now()): string[] {
  const ended = isEnded(view);
  const done = numbersDone(view);
  const width = Math.max(10, Math.min(40, columns - 30));
  const cut = (text: string) => (text.length > columns - 1 ? `${text.slice(0, Math.max(0, columns - 2))}…` : text);
  return [
    `${view.id}  ${view.status}${cancelling(view) ? ' (cancelling)' : ''}  order ${orderText(view)}`,
    `${bar(done, view.numbers.length, width)} ${done}/${view.numbers.length} numbers done`,
    `${countsText(view)} · LOA ${loaText(view)}`,
    `${ended ? 'took' : 'elapsed'} ${formatElapsed(requestElapsedMs(view, ended, now))}`,
  ].map(cut);
}
