import type { ViewDiff } from '../contract/view-diff.js';

/**
 * The events of a request's timeline. Most come from what a change did to the view (so a re-applied
 * change adds none); the webhook adds the notifications Bandwidth sent.
 */
export const TIMELINE_EVENT_TYPES = [
  'request.accepted',
  'status.changed',
  'numbers.changed',
  'order.changed',
  'loa.changed',
  'attention.raised',
  'attention.cleared',
  'removal.changed',
  'cancel.requested',
  'request.failed',
  'notification.received',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

export interface TimelineEvent {
  type: TimelineEventType;
  data: Record<string, unknown>;
}

export function eventsOf(diff: ViewDiff): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  if (diff.cancelRequested) events.push({ type: 'cancel.requested', data: {} });
  for (const order of diff.orders) events.push({ type: 'order.changed', data: { ...order } });
  if (diff.numbers.length > 0) {
    // One entry per outcome, with every number that reached it.
    const groups = new Map<
      string,
      { status: string; errorCode?: string; errorDescription?: string; telephoneNumbers: string[] }
    >();
    for (const n of diff.numbers) {
      const key = `${n.status}\u0000${n.errorCode ?? ''}\u0000${n.errorDescription ?? ''}`;
      let group = groups.get(key);
      if (!group) {
        group = { status: n.status, telephoneNumbers: [] };
        if (n.errorCode !== undefined) group.errorCode = n.errorCode;
        if (n.errorDescription !== undefined) group.errorDescription = n.errorDescription;
        groups.set(key, group);
      }
      group.telephoneNumbers.push(n.telephoneNumber);
    }
    events.push({ type: 'numbers.changed', data: { changes: [...groups.values()] } });
  }
  if (diff.loa) events.push({ type: 'loa.changed', data: { from: diff.loa.from, to: diff.loa.to } });
  if (diff.removal) events.push({ type: 'removal.changed', data: { removal: diff.removal } });
  if (diff.attention) {
    if (diff.attention.to) events.push({ type: 'attention.raised', data: { attention: diff.attention.to } });
    else if (diff.attention.from) events.push({ type: 'attention.cleared', data: { attention: diff.attention.from } });
  }
  if (diff.failure) events.push({ type: 'request.failed', data: { failure: diff.failure } });
  if (diff.status) events.push({ type: 'status.changed', data: { from: diff.status.from, to: diff.status.to } });
  return events;
}
