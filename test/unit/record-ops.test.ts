import fc from 'fast-check';
import { orderPartCustomerOrderId, planOrders } from '../../contract/order-plan.js';
import { applyRecordOps, combineStatuses, newView, type RecordOp } from '../../contract/record-ops.js';
import type { HostingRequestView } from '../../contract/view.js';

/** Pure logic, no server: the record ops both the workflow and the record apply, and order planning. */

const NUMBERS = ['3032281000', '3032281001', '3032281002', '3032281003'];
const fresh = (hasLoa = true) =>
  newView({
    id: 'r1',
    workflowId: 'hosting-r1',
    telephoneNumbers: NUMBERS,
    hasLoa,
    createdAt: '2026-12-01T00:00:00.000Z',
  });
const apply = (view: HostingRequestView, ops: RecordOp[], at = '2026-12-01T00:00:01.000Z') => {
  applyRecordOps(view, ops, at);
  return view;
};

const checked: RecordOp = {
  op: 'checked',
  rejected: [{ code: '19006', description: 'not importable', telephoneNumbers: ['3032281003'] }],
  orders: [{ customerOrderId: 'r1', telephoneNumbers: NUMBERS.slice(0, 3) }],
};
const created: RecordOp = {
  op: 'orderCreated',
  index: 0,
  orderId: 'o1',
  orderStatus: 'RECEIVED',
  telephoneNumbers: NUMBERS.slice(0, 3),
};
const read = (orderStatus: 'PROCESSING' | 'COMPLETE' | 'PARTIAL' | 'FAILED', failing: string[] = []): RecordOp => ({
  op: 'orderRead',
  index: 0,
  orderId: 'o1',
  orderStatus,
  errors: failing.length
    ? [{ code: '7518', description: 'Telephone Number Not Active.', telephoneNumbers: failing }]
    : [],
  telephoneNumbers: NUMBERS.slice(0, 3),
});

describe('record ops', () => {
  test('a request moves CHECKING → ORDERING → AWAITING_ORDER → UPLOADING_LOA → COMPLETE, numbers getting their outcomes', () => {
    const view = fresh();
    expect(apply(view, [checked]).status).toBe('ORDERING');
    expect(view.numbers.map((n) => n.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'NOT_IMPORTABLE']);
    expect(apply(view, [created]).status).toBe('AWAITING_ORDER');
    expect(apply(view, [read('PROCESSING')]).status).toBe('AWAITING_ORDER');
    expect(apply(view, [read('PARTIAL', ['3032281002'])]).status).toBe('UPLOADING_LOA');
    expect(view.numbers.map((n) => n.status)).toEqual(['HOSTED', 'HOSTED', 'FAILED', 'NOT_IMPORTABLE']);
    expect(apply(view, [{ op: 'loaUploaded', index: 0, filename: 'o1-1.pdf' }])).toMatchObject({
      status: 'PARTIAL',
      orderStatus: 'PARTIAL',
      loa: { status: 'UPLOADED', filename: 'o1-1.pdf' },
    });
  });

  test('without an LOA the order end is the request end; a FAILED order drops a pending LOA', () => {
    expect(apply(fresh(false), [checked, created, read('COMPLETE')]).status).toBe('COMPLETE');
    const failed = apply(fresh(true), [checked, created, read('FAILED', NUMBERS.slice(0, 3))]);
    expect(failed.status).toBe('FAILED');
    expect(failed.loa.status).toBe('FAILED');
  });

  const allOps: RecordOp[] = [
    checked,
    created,
    read('PROCESSING'),
    read('COMPLETE'),
    { op: 'loaGiven' },
    { op: 'loaUploaded', index: 0, filename: 'f.pdf' },
    { op: 'loaRefused', index: 0, error: 'refused' },
    { op: 'cancelRequested' },
    { op: 'attention', attention: { code: 'BANDWIDTH_UNAUTHORIZED', message: 'm', since: '2026-12-01T00:00:00.000Z' } },
    { op: 'attention', attention: null },
    { op: 'lost', telephoneNumbers: ['3032281000'] },
  ];

  test('every sequence of ops is idempotent: applying each op twice in a row ends where applying it once does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...allOps), { maxLength: 12 }), (ops) => {
        const once = apply(fresh(), ops);
        const twice = apply(
          fresh(),
          ops.flatMap((op) => [op, op]),
        );
        expect(twice).toEqual(once);
      }),
    );
  });

  test('a stale read arriving after a newer one changes nothing, whatever came before', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...allOps), { maxLength: 8 }), (before) => {
        const view = apply(fresh(), [...before, checked, created, read('COMPLETE')]);
        const snapshot = JSON.stringify(view);
        expect(applyRecordOps(view, [read('PROCESSING'), created], '2026-12-01T00:00:09.000Z')).toBe(false);
        expect(JSON.stringify(view)).toBe(snapshot);
      }),
    );
  });

  test('a hosted number never goes back to PENDING, and only HOSTED numbers become LOST', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...allOps), { maxLength: 12 }), (ops) => {
        const view = fresh();
        let everHosted = new Set<string>();
        for (const op of ops) {
          apply(view, [op]);
          for (const n of view.numbers) {
            if (everHosted.has(n.telephoneNumber)) expect(['HOSTED', 'LOST', 'REMOVED']).toContain(n.status);
            if (n.status === 'HOSTED') everHosted = new Set([...everHosted, n.telephoneNumber]);
          }
        }
      }),
    );
  });

  test("a split request's status is the least advanced of its orders', then their combined end", () => {
    expect(combineStatuses(['AWAITING_ORDER', 'UPLOADING_LOA'])).toBe('AWAITING_ORDER');
    expect(combineStatuses(['COMPLETE', 'COMPLETE'])).toBe('COMPLETE');
    expect(combineStatuses(['COMPLETE', 'FAILED'])).toBe('PARTIAL');
    expect(combineStatuses(['FAILED', 'FAILED'])).toBe('FAILED');
    expect(combineStatuses(['COMPLETE', 'CANCELLED'])).toBe('CANCELLED');
  });
});

describe('order planning', () => {
  test('a request over the order size is split; part ids fit Bandwidth’s 40 characters', () => {
    const numbers = Array.from({ length: 11 }, (_, i) => `30322810${String(i).padStart(2, '0')}`);
    const plan = planOrders('r1', numbers, 5);
    expect(plan.map((p) => [p.customerOrderId, p.telephoneNumbers.length])).toEqual([
      ['r1-1of3', 5],
      ['r1-2of3', 5],
      ['r1-3of3', 1],
    ]);
    expect(planOrders('r1', numbers.slice(0, 5), 5)).toEqual([
      { customerOrderId: 'r1', telephoneNumbers: numbers.slice(0, 5) },
    ]);
  });

  test('long request ids that share their first characters still get distinct part ids (collision-proof digest)', () => {
    const prefix = 'customer-order-with-a-long-shared-prefix';
    const ids = Array.from({ length: 20_000 }, (_, i) => `${prefix.slice(0, 33)}-${String(i).padStart(6, '0')}`);
    const parts = ids.map((id) => orderPartCustomerOrderId(id, 12, 40));
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(40);
      expect(part).toMatch(/^[A-Za-z0-9 -]+-12of40$/);
    }
    expect(new Set(parts).size).toBe(ids.length);
    // Deterministic: the workflow and a later replay compute the same id.
    expect(orderPartCustomerOrderId(ids[7]!, 12, 40)).toBe(parts[7]);
    // Even the largest split (20,000 one-number orders) fits.
    expect(orderPartCustomerOrderId('x'.repeat(40), 20_000, 20_000).length).toBeLessThanOrEqual(40);
  });
});
