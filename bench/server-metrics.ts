/**
 * Requests the dev server's frontend has answered, by operation, from its Prometheus endpoint
 * (`--metrics-port`). Some billable actions leave no history event — activity heartbeats, queries —
 * so the cost part counts them here, as the difference across one request.
 */
export async function frontendRequests(metricsUrl: string): Promise<Record<string, number>> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`Temporal metrics ${metricsUrl} → ${response.status}`);
  const counts: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith('service_requests{')) continue;
    const labels = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}'));
    if (!labels.includes('service_name="frontend"') || !labels.includes('namespace="default"')) continue;
    const operation = /operation="([^"]+)"/.exec(labels)?.[1];
    const value = Number(line.slice(line.lastIndexOf('}') + 1).trim());
    if (operation && Number.isFinite(value)) counts[operation] = (counts[operation] ?? 0) + value;
  }
  return counts;
}

/**
 * The counts once they stop moving: the server publishes its metrics on a reporting interval (about
 * a second), so a reading right after a request can miss its last calls. Two equal readings 1.2 s
 * apart, within a deadline.
 */
export async function settledFrontendRequests(metricsUrl: string, timeoutMs = 10_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let last = await frontendRequests(metricsUrl);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_200));
    const next = await frontendRequests(metricsUrl);
    const moved = Object.keys(ACTIONS_WITHOUT_EVENTS).some((op) => (next[op] ?? 0) !== (last[op] ?? 0));
    if (!moved) return next;
    if (Date.now() > deadline)
      throw new Error(`Temporal's request counts at ${metricsUrl} did not settle within ${timeoutMs} ms`);
    last = next;
  }
}

/** Operations that are billable actions without a history event of their own. */
export const ACTIONS_WITHOUT_EVENTS: Record<string, string> = {
  RecordActivityTaskHeartbeat: 'activity heartbeat',
  RecordActivityTaskHeartbeatById: 'activity heartbeat',
  QueryWorkflow: 'query',
};

/** Those actions between two readings, by kind. */
export function actionsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [operation, kind] of Object.entries(ACTIONS_WITHOUT_EVENTS)) {
    const delta = (after[operation] ?? 0) - (before[operation] ?? 0);
    if (delta > 0) out[kind] = (out[kind] ?? 0) + delta;
  }
  return out;
}
