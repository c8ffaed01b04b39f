import { TERMINAL_STATUSES, type HostingRequestView, type NumberStatus } from '../../client/index.js';
import { formatElapsed, requestElapsedMs } from './duration.js';

const NUMBER_STATUS_ORDER: readonly NumberStatus[] = [
  'HOSTED',
  'PENDING',
  'NOT_IMPORTABLE',
  'FAILED',
  'REMOVED',
  'LOST',
];

export function isEnded(view: HostingRequestView): boolean {
  return TERMINAL_STATUSES.includes(view.status);
}

/** Numbers per status, in a fixed order, only the statuses present. */
export function numberCounts(view: HostingRequestView): Array<[NumberStatus, number]> {
  const counts = new Map<NumberStatus, number>();
  for (const n of view.numbers) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  const known = NUMBER_STATUS_ORDER.filter((s) => counts.has(s)).map(
    (s) => [s, counts.get(s)!] as [NumberStatus, number],
  );
  const other = [...counts].filter(([s]) => !NUMBER_STATUS_ORDER.includes(s));
  return [...known, ...other];
}

/** `2 HOSTED, 1 NOT_IMPORTABLE`. */
export function countsText(view: HostingRequestView): string {
  return (
    numberCounts(view)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ') || 'none'
  );
}

/** Numbers with an outcome (anything but PENDING). */
export function numbersDone(view: HostingRequestView): number {
  return view.numbers.filter((n) => n.status !== 'PENDING').length;
}

export function orderText(view: HostingRequestView): string {
  if (view.orders.length > 1)
    return view.orders.map((o) => `${o.orderId ?? '(not yet)'} ${o.orderStatus ?? ''}`.trim()).join(', ');
  return view.orderId ? `${view.orderId} ${view.orderStatus ?? ''}`.trim() : 'not created yet';
}

export function loaText(view: HostingRequestView): string {
  const { loa } = view;
  return [loa.status, loa.filename ? `(${loa.filename})` : '', loa.error ? `— ${loa.error}` : '']
    .filter(Boolean)
    .join(' ');
}

/** The `hostflow status` block: one labelled line per fact, then the numbers with an error. */
export function statusBlock(view: HostingRequestView, now = Date.now()): string[] {
  const ended = isEnded(view);
  const lines: Array<[string, string]> = [
    ['Request', view.id],
    ['Workflow', view.workflowId],
    [
      'Status',
      `${view.status}${view.cancelRequested && view.status !== 'CANCELLED' ? ' (cancellation requested)' : ''}`,
    ],
    [view.orders.length > 1 ? `Orders` : 'Order', orderText(view)],
    ['Numbers', `${view.numbers.length}: ${countsText(view)}`],
    ['LOA', loaText(view)],
    ['Created', view.createdAt],
    [ended ? 'Took' : 'Elapsed', formatElapsed(requestElapsedMs(view, ended, now))],
  ];
  const { removal } = view;
  if (removal) {
    const text = [
      removal.status,
      removal.orderId,
      `(${removal.telephoneNumbers.length} numbers)`,
      removal.error && `— ${removal.error}`,
    ]
      .filter(Boolean)
      .join(' ');
    lines.push(['Removal', text]);
  }
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  const out = lines.map(([label, value]) => `${label.padEnd(width)}${value}`);
  const problems = view.numbers.filter((n) => n.errorCode || n.errorDescription);
  if (problems.length > 0) {
    out.push('', 'Numbers with an error:');
    for (const n of problems)
      out.push(`  ${n.telephoneNumber}  ${n.status}  ${[n.errorCode, n.errorDescription].filter(Boolean).join(' ')}`);
  }
  return out;
}
