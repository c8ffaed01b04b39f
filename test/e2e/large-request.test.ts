import type { HostingRequestView } from '../../workflows/types.js';
import { workflowIdFor } from '../../workflows/ids.js';
import { hostingRequestBody, startStack, type TestStack } from '../helpers/stack.js';
import { uniqueId } from '../helpers/temporal.js';

/** Temporal's per-workflow limits that a large request must stay far below. */
const HISTORY_EVENT_LIMIT = 51_200;
const HISTORY_BYTES_LIMIT = 50 * 1024 * 1024;

describe('a 10,000-number request', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ apiKeys: ['big'], maxNumbersPerOrder: 5000 });
  });
  afterAll(async () => {
    await stack.stop();
  });

  test("is split over orders of at most 5000 and ends with every number's outcome, histories far below the limits", async () => {
    const id = uniqueId('big');
    // 10,000 distinct numbers: 100 not importable (410), 50 that fail in their order (…9999).
    const numbers: string[] = [];
    for (let i = 0; i < 100; i++) numbers.push(`410555${String(i).padStart(4, '0')}`);
    for (let i = 0; i < 50; i++) numbers.push(`303${228 + i}9999`);
    for (let i = 0; numbers.length < 10_000; i++) numbers.push(`30322${String(i).padStart(5, '0')}`);

    const started = Date.now();
    const response = await stack.api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: numbers })),
    });
    expect(response.status).toBe(202);
    const view: HostingRequestView = await stack.waitFor(
      id,
      (v) => ['COMPLETE', 'PARTIAL', 'FAILED'].includes(v.status),
      120_000,
    );
    const seconds = (Date.now() - started) / 1000;

    expect(view.status).toBe('PARTIAL');
    expect(view.numbers).toHaveLength(10_000);
    const count = (status: string, code?: string) =>
      view.numbers.filter((n) => n.status === status && (code === undefined || n.errorCode === code)).length;
    expect(count('NOT_IMPORTABLE', '19006')).toBe(100);
    expect(count('FAILED', '7518')).toBe(50);
    expect(count('HOSTED')).toBe(9_850);
    expect(view.orders.map((o) => o.telephoneNumbers)).toEqual([5000, 4900]);
    const orders = stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId?.startsWith(id));
    expect(orders.map((o) => o.telephoneNumbers.length).sort()).toEqual([4900, 5000]);

    // Largest history among the request and its orders.
    const workflowIds = [workflowIdFor(id), ...view.orders.map((o) => workflowIdFor(o.customerOrderId))];
    const sizes = await Promise.all(
      workflowIds.map(async (workflowId) => {
        const history = await stack.temporal.client.workflow.getHandle(workflowId).fetchHistory();
        return { workflowId, events: history.events?.length ?? 0, bytes: Buffer.byteLength(JSON.stringify(history)) };
      }),
    );
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    process.stdout.write(
      `10,000 numbers: ${seconds.toFixed(1)} s, ${orders.length} orders, largest history ${largest.events} events / ${(largest.bytes / 1024).toFixed(0)} KiB (${largest.workflowId})\n`,
    );
    for (const s of sizes) {
      expect(s.events).toBeLessThan(HISTORY_EVENT_LIMIT / 100);
      expect(s.bytes).toBeLessThan(HISTORY_BYTES_LIMIT / 10);
    }
  }, 180_000);
});
