import type { HostingRequestView } from '../../client/index.js';
import { progressBlock, progressLine } from '../../cli/render/progress.js';
import { statusBlock } from '../../cli/render/view-summary.js';

const view = (overrides: Partial<HostingRequestView> = {}): HostingRequestView => ({
  id: 'ord-1',
  workflowId: 'hosting-ord-1',
  status: 'AWAITING_ORDER',
  orderId: 'b05de7e6',
  orderStatus: 'PROCESSING',
  attention: null,
  numbers: [
    { telephoneNumber: '3032281000', status: 'PENDING' },
    { telephoneNumber: '3032281001', status: 'PENDING' },
    {
      telephoneNumber: '4109235436',
      status: 'NOT_IMPORTABLE',
      errorCode: '19006',
      errorDescription: 'Bandwidth numbers cannot be imported by this account at this time.',
    },
    { telephoneNumber: '4104685864', status: 'NOT_IMPORTABLE', errorCode: '19006' },
  ],
  loa: { status: 'PENDING' },
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:01.000Z',
  orders: [{ customerOrderId: 'ord-1', orderId: 'b05de7e6', orderStatus: 'PROCESSING', telephoneNumbers: 2 }],
  ...overrides,
});
const at = (iso: string) => Date.parse(iso);

describe('how the CLI shows a request', () => {
  test('on a terminal: status line, a bar of numbers done against the total, counts per state, elapsed time', () => {
    expect(progressBlock(view(), 60, at('2026-11-27T10:02:05.000Z'))).toEqual([
      'ord-1  AWAITING_ORDER  order b05de7e6 PROCESSING',
      '[###############---------------] 2/4 numbers done',
      '2 PENDING, 2 NOT_IMPORTABLE · LOA PENDING',
      'elapsed 2m 05s',
    ]);
  });

  test('a line per change elsewhere; an ended request shows how long it took, not the time since', () => {
    const ended = view({
      status: 'COMPLETE',
      orderStatus: 'COMPLETE',
      numbers: [{ telephoneNumber: '3032281000', status: 'HOSTED' }],
      loa: { status: 'UPLOADED', filename: 'b05de7e6-1.pdf' },
      updatedAt: '2026-11-27T10:00:42.000Z',
    });
    expect(progressLine(ended, at('2026-11-28T00:00:00.000Z'))).toBe(
      'COMPLETE · ord-1 · numbers 1/1 done (1 HOSTED) · order b05de7e6 COMPLETE · LOA UPLOADED (b05de7e6-1.pdf) · took 42s',
    );
  });

  test('status lists each fact on its own line and the numbers with an error code', () => {
    expect(statusBlock(view({ cancelRequested: true }), at('2026-11-27T11:00:00.000Z'))).toEqual([
      'Request   ord-1',
      'Workflow  hosting-ord-1',
      'Status    AWAITING_ORDER (cancellation requested)',
      'Order     b05de7e6 PROCESSING',
      'Numbers   4: 2 PENDING, 2 NOT_IMPORTABLE',
      'LOA       PENDING',
      'Created   2026-11-27T10:00:00.000Z',
      'Elapsed   1h 00m',
      '',
      'Numbers with an error:',
      '  4109235436  NOT_IMPORTABLE  19006 Bandwidth numbers cannot be imported by this account at this time.',
      '  4104685864  NOT_IMPORTABLE  19006',
    ]);
  });
});
