import proto from '@temporalio/proto';

const { temporal } = proto;

type History = proto.temporal.api.history.v1.IHistory;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/**
 * Temporal Cloud billable actions, counted from event history by Cloud's published rules
 * (docs.temporal.io/cloud/actions):
 * - workflow started: each run's WorkflowExecutionStarted (client start, child start, continue-as-new);
 * - activity: each ActivityTaskScheduled, plus one per retry (the attempt number of its start);
 * - timer: each TimerStarted, including the implicit timer of `condition(fn, timeout)`;
 * - search attribute upsert: each UpsertWorkflowSearchAttributes command (attributes given at
 *   start are free, and so are upserts of only TemporalChangeVersion);
 * - signal: each WorkflowExecutionSignaled, counted where it is received, so a signal between two
 *   workflows of one request is counted once;
 * - update: each accepted or rejected update; side effects: SideEffect/MutableSideEffect markers;
 *   local activities: one per workflow task that ran any.
 * Queries leave no event: each one is an action in Cloud, so callers add the queries they made.
 * Heartbeats leave none either (hostflow's activities do not heartbeat).
 */
export interface HistoryCost {
  events: number;
  bytes: number;
  /** The largest single event, encoded: its payload against Temporal's 2 MB limit per payload. */
  maxEventBytes: number;
  actions: number;
  workflowTasks: number;
  actionsByKind: Record<string, number>;
  eventsByType: Record<string, number>;
}

export type ActionKind =
  | 'workflow started'
  | 'activity'
  | 'activity retry'
  | 'timer'
  | 'search attribute upsert'
  | 'signal'
  | 'update'
  | 'side effect'
  | 'local activities';

function actionKindsOf(event: HistoryEvent): ActionKind[] {
  if (event.workflowExecutionStartedEventAttributes) return ['workflow started'];
  if (event.activityTaskScheduledEventAttributes) return ['activity'];
  if (event.activityTaskStartedEventAttributes) {
    const attempt = event.activityTaskStartedEventAttributes.attempt ?? 1;
    return Array.from({ length: Math.max(0, attempt - 1) }, () => 'activity retry' as const);
  }
  if (event.timerStartedEventAttributes) return ['timer'];
  if (event.upsertWorkflowSearchAttributesEventAttributes) {
    const fields = Object.keys(
      event.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {},
    );
    return fields.length > 0 && fields.every((f) => f === 'TemporalChangeVersion') ? [] : ['search attribute upsert'];
  }
  if (event.workflowExecutionSignaledEventAttributes) return ['signal'];
  if (event.workflowExecutionUpdateAcceptedEventAttributes || event.workflowExecutionUpdateRejectedEventAttributes)
    return ['update'];
  const marker = event.markerRecordedEventAttributes?.markerName;
  if (marker === 'SideEffect' || marker === 'MutableSideEffect') return ['side effect'];
  return [];
}

export function historyCost(history: History, extraActions: Partial<Record<string, number>> = {}): HistoryCost {
  const events = history.events ?? [];
  const actionsByKind: Record<string, number> = {};
  const eventsByType: Record<string, number> = {};
  const localActivityTasks = new Set<string>();
  let workflowTasks = 0;
  let maxEventBytes = 0;
  for (const event of events) {
    maxEventBytes = Math.max(maxEventBytes, temporal.api.history.v1.HistoryEvent.encode(event).finish().byteLength);
    const type = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType);
    const name = type.replace(/^EVENT_TYPE_/, '');
    eventsByType[name] = (eventsByType[name] ?? 0) + 1;
    if (event.workflowTaskCompletedEventAttributes) workflowTasks++;
    for (const kind of actionKindsOf(event)) actionsByKind[kind] = (actionsByKind[kind] ?? 0) + 1;
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity')
      localActivityTasks.add(String(marker.workflowTaskCompletedEventId));
  }
  if (localActivityTasks.size > 0) actionsByKind['local activities'] = localActivityTasks.size;
  for (const [kind, count] of Object.entries(extraActions))
    if (count) actionsByKind[kind] = (actionsByKind[kind] ?? 0) + count;
  return {
    events: events.length,
    bytes: temporal.api.history.v1.History.encode(history).finish().byteLength,
    maxEventBytes,
    actions: Object.values(actionsByKind).reduce((a, b) => a + b, 0),
    workflowTasks,
    actionsByKind,
    eventsByType,
  };
}

/** Several workflows' costs as one request's: events and actions add up, bytes too. */
export function sumCosts(costs: readonly HistoryCost[]): HistoryCost {
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  const total: HistoryCost = {
    events: 0,
    bytes: 0,
    maxEventBytes: 0,
    actions: 0,
    workflowTasks: 0,
    actionsByKind: {},
    eventsByType: {},
  };
  for (const c of costs) {
    total.events += c.events;
    total.bytes += c.bytes;
    total.maxEventBytes = Math.max(total.maxEventBytes, c.maxEventBytes);
    total.actions += c.actions;
    total.workflowTasks += c.workflowTasks;
    add(total.actionsByKind, c.actionsByKind);
    add(total.eventsByType, c.eventsByType);
  }
  return total;
}
