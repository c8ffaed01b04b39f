import { Client, Connection } from '@temporalio/client';
import { startConfiguredStack, type ConfiguredStack } from '../../fuzz/configured-stack.js';
import { workflowIdFor } from '../../workflows/ids.js';
import { LOA_FILE, SUBSCRIBER, hostingRequestWithPii, leaksIn, waitForView } from './pii.js';
import { eventually, temporalAddress } from '../helpers/temporal.js';

/*
 * Temporal keeps every workflow input, result, signal and activity argument in its database, and
 * anyone with access to it (or to the Web UI without the codec) reads them as stored. After a
 * request ends, its history — read with a plain client that has no codec, as such a reader
 * would — must not hold the subscriber's name, address or authorising person, nor the LOA file.
 */

type Event = Record<string, unknown>;

/** Every text in a history: strings as they are, and byte fields (payload data, metadata) read as UTF-8. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array)
    out.push(Buffer.from(value).toString('utf8'), Buffer.from(value).toString('latin1'));
  else if (Array.isArray(value)) for (const item of value) textsOf(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) textsOf(item, out);
  return out;
}

/**
 * Every `Payload` (an object with `data` bytes) anywhere in an event, with where it was found.
 * Search attributes are left out: Temporal must index them, so they are never encrypted (hostflow
 * keeps ids, statuses and numbers there, no names or addresses — the text scan below covers them).
 */
function payloadsOf(value: unknown, at = '', out: Array<{ at: string; encoding: string }> = []) {
  if (Array.isArray(value)) value.forEach((item, i) => payloadsOf(item, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.data instanceof Uint8Array && record.metadata && typeof record.metadata === 'object') {
      const encoding = (record.metadata as Record<string, Uint8Array | undefined>).encoding;
      out.push({ at, encoding: encoding ? Buffer.from(encoding).toString('utf8') : '(none)' });
    } else {
      for (const [key, item] of Object.entries(record))
        if (key !== 'searchAttributes') payloadsOf(item, `${at}.${key}`, out);
    }
  }
  return out;
}

describe('history scan', () => {
  let stack: ConfiguredStack;
  let connection: Connection;
  let plain: Client;
  const histories: Array<{ workflowId: string; events: Event[] }> = [];
  const id = `history-scan-${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startConfiguredStack({ temporalAddress: temporalAddress() });
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${stack.apiUrl}${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${stack.secrets.apiKey}`,
          ...init.headers,
        },
      });
    expect(
      (await api('/v1/hosting-requests', { method: 'POST', body: JSON.stringify(hostingRequestWithPii(id)) })).status,
    ).toBe(202);
    await waitForView(
      api,
      id,
      (view) => view.status === 'COMPLETE' && (view.loa as { status: string }).status === 'UPLOADED',
    );

    // A reader without the codec: what the database, a backup or a codec-less Web UI shows.
    connection = await Connection.connect({ address: stack.temporalAddress });
    plain = new Client({ connection });
    // The record says COMPLETE as soon as the LOA is uploaded; the workflow closes a moment later.
    const reader = plain;
    await eventually(async () => {
      const { status } = await reader.workflow.getHandle(workflowIdFor(id)).describe();
      return status.name === 'RUNNING' ? undefined : status.name;
    });
    const pending = [workflowIdFor(id)];
    while (pending.length > 0) {
      const workflowId = pending.shift()!;
      const events = ((await plain.workflow.getHandle(workflowId).fetchHistory()).events ?? []) as Event[];
      histories.push({ workflowId, events });
      // Split requests run a child workflow per order: their histories hold the same data.
      for (const event of events) {
        const child = event.startChildWorkflowExecutionInitiatedEventAttributes as { workflowId?: string } | undefined;
        if (child?.workflowId) pending.push(child.workflowId);
      }
    }
  });

  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  test('the history is complete enough to scan: input, activities and result are there', () => {
    const events = histories.flatMap((h) => h.events);
    expect(events.some((e) => e.workflowExecutionStartedEventAttributes)).toBe(true);
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes).length).toBeGreaterThanOrEqual(3);
    expect(events.some((e) => e.workflowExecutionCompletedEventAttributes)).toBe(true);
    expect(payloadsOf(events).length).toBeGreaterThanOrEqual(5);
  });

  test('every stored payload is encrypted (binary/encrypted), so none is readable without the key', () => {
    const plainPayloads = histories.flatMap(({ workflowId, events }) =>
      events
        .flatMap((event, i) => payloadsOf(event, `${workflowId} event ${i + 1}`))
        .filter((p) => p.encoding !== 'binary/encrypted'),
    );
    expect(plainPayloads).toEqual([]);
  });

  test("no stored text holds the subscriber's name, address or authorising person", () => {
    for (const { workflowId, events } of histories) {
      expect({
        workflowId,
        leaks: leaksIn(textsOf(events), Object.values(SUBSCRIBER)).map((t) => t.slice(0, 200)),
      }).toEqual({ workflowId, leaks: [] });
    }
  });

  test('the LOA file stays in the LOA store: neither its bytes nor its base64 are in history', () => {
    const texts = textsOf(histories.flatMap((h) => h.events));
    expect(leaksIn(texts, [LOA_FILE.toString('latin1'), LOA_FILE.toString('base64')])).toEqual([]);
  });
});
