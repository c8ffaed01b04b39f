import { workflowIdFor } from '../../workflows/ids.js';
import { statusQuery } from '../../workflows/messages.js';
import type { HostingRequestInput, HostingRequestView } from '../../workflows/types.js';
import type { hostingRequest } from '../../workflows/hosting-request.js';
import { WORKFLOW_TYPE } from '../../workflows/ids.js';
import { PDF_BYTES, startStack, type TestStack } from '../helpers/stack.js';
import { connectTemporal, eventually, uniqueId } from '../helpers/temporal.js';

const subscriber = {
  name: 'ABC Inc.',
  serviceAddress: { houseNumber: '11235', streetName: 'Back', city: 'Denver', stateCode: 'CO', zip: '27541' },
};

describe('hosting-request workflow on a real Temporal server against the sandbox', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function input(
    telephoneNumbers: string[],
    extra: Partial<HostingRequestInput> = {},
  ): Promise<HostingRequestInput> {
    return {
      id: uniqueId('wf'),
      telephoneNumbers,
      siteId: '14413',
      subscriber,
      loaAuthorizingPerson: 'Mark Macchioni',
      createdAt: new Date().toISOString(),
      wait: stack.orderWait,
      ...extra,
    };
  }

  function run(request: HostingRequestInput): Promise<HostingRequestView> {
    return stack.temporal.client.workflow.execute<typeof hostingRequest>(WORKFLOW_TYPE, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIdFor(request.id),
      args: [request],
    });
  }

  const ordersOf = (customerOrderId: string) =>
    stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === customerOrderId);
  const outcome = (view: HostingRequestView) =>
    Object.fromEntries(view.numbers.map((n) => [n.telephoneNumber, [n.status, n.errorCode ?? null]]));

  test('importable numbers end HOSTED, the 410 numbers NOT_IMPORTABLE with 19006, and the LOA is uploaded', async () => {
    const request = await input(['3032281000', '3032280004', '4109235436']);
    request.loa = await stack.storeLoa(request.id, PDF_BYTES);
    const view = await run(request);

    expect(view.status).toBe('COMPLETE');
    expect(view.orderStatus).toBe('COMPLETE');
    expect(outcome(view)).toEqual({
      '3032281000': ['HOSTED', null],
      '3032280004': ['HOSTED', null],
      '4109235436': ['NOT_IMPORTABLE', '19006'],
    });
    expect(view.loa.status).toBe('UPLOADED');
    const [order, ...more] = ordersOf(request.id);
    expect(more).toHaveLength(0);
    expect(order!.orderId).toBe(view.orderId);
    expect(order!.telephoneNumbers.sort()).toEqual(['3032280004', '3032281000']);
    expect(order!.loas).toEqual([
      { filename: view.loa.filename, contentType: 'application/pdf', bytes: PDF_BYTES.length },
    ]);
  });

  test('when the order ends PARTIAL, only the failing number is FAILED with 7518 and the LOA is still uploaded', async () => {
    const request = await input(['3032281001', '3032289999']);
    request.loa = await stack.storeLoa(request.id, PDF_BYTES);
    const view = await run(request);

    expect(view.status).toBe('PARTIAL');
    expect(outcome(view)).toEqual({ '3032281001': ['HOSTED', null], '3032289999': ['FAILED', '7518'] });
    expect(view.loa.status).toBe('UPLOADED');
    expect(ordersOf(request.id)[0]!.loas).toHaveLength(1);
  });

  test('when every number fails inside the order, the request ends FAILED with no LOA upload', async () => {
    const request = await input(['3032289999', '3032279999']);
    request.loa = await stack.storeLoa(request.id, PDF_BYTES);
    const view = await run(request);

    expect(view.status).toBe('FAILED');
    expect(outcome(view)).toEqual({ '3032289999': ['FAILED', '7518'], '3032279999': ['FAILED', '7518'] });
    expect(view.loa.status).toBe('FAILED');
    expect(ordersOf(request.id)[0]!.loas).toHaveLength(0);
  });

  test('a request with no importable number ends NOTHING_IMPORTABLE and creates no order', async () => {
    const request = await input(['4109235436', '4104685864']);
    const view = await run(request);

    expect(view.status).toBe('NOTHING_IMPORTABLE');
    expect(view.orderId).toBeNull();
    expect(outcome(view)).toEqual({
      '4109235436': ['NOT_IMPORTABLE', '19006'],
      '4104685864': ['NOT_IMPORTABLE', '19006'],
    });
    expect(view.loa.status).toBe('NONE');
    expect(ordersOf(request.id)).toHaveLength(0);
  });

  test('when Bandwidth refuses the check, every number is FAILED with its code, and the refusal is not stored in plain text', async () => {
    // An N11 area code: the API refuses it up front, so only a direct start can send one.
    const request = await input(['3112281000', '3032281009']);
    const view = await run(request);
    expect(view.status).toBe('FAILED');
    expect(view.numbers.every((n) => n.status === 'FAILED' && n.errorCode === '7201')).toBe(true);
    expect(ordersOf(request.id)).toHaveLength(0);

    const plain = await connectTemporal();
    try {
      const history = JSON.stringify(await plain.client.workflow.getHandle(workflowIdFor(request.id)).fetchHistory());
      expect(history).toContain('activityTaskFailedEventAttributes');
      expect(history).not.toContain('not a valid NANPA');
      expect(history).not.toContain('ABC Inc.');
    } finally {
      await plain.close();
    }
  });

  test('the status query answers the API body while the request waits for Bandwidth', async () => {
    const request = await input(['3032281003']);
    const handle = await stack.temporal.client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIdFor(request.id),
      args: [request],
    });
    const waiting = await eventually(async () => {
      const view = await handle.query(statusQuery);
      return view.orderId ? view : undefined;
    });
    expect(waiting).toMatchObject({
      id: request.id,
      workflowId: workflowIdFor(request.id),
      createdAt: request.createdAt,
      loa: { status: 'NONE' },
    });
    expect(Object.keys(waiting).sort()).toEqual([
      'attention',
      'createdAt',
      'id',
      'loa',
      'numbers',
      'orderId',
      'orderStatus',
      'orders',
      'status',
      'updatedAt',
      'workflowId',
    ]);
    const final = await handle.result();
    expect(final.status).toBe('COMPLETE');
    expect(await handle.query(statusQuery)).toEqual(final);
    // The record (what the API answers) tells the same story as the workflow.
    const { updatedAt: _recorded, ...recorded } = (await stack.records.requests.get(request.id))!;
    const { updatedAt: _final, ...story } = final;
    expect(recorded).toEqual(story);
  });

  test('an order that already exists under the request id is reused, never created twice', async () => {
    const request = await input(['3032281004']);
    const earlier = await stack.bandwidth.createImportOrder({
      customerOrderId: request.id,
      siteId: request.siteId,
      subscriber,
      loaAuthorizingPerson: request.loaAuthorizingPerson,
      telephoneNumbers: request.telephoneNumbers,
    });
    const view = await run(request);

    expect(view.status).toBe('COMPLETE');
    expect(view.orderId).toBe(earlier.orderId);
    expect(ordersOf(request.id)).toHaveLength(1);
  });

  test('an order under the request id with other numbers is not adopted: FAILED with ORDER_ID_CONFLICT, nothing hosted', async () => {
    // Another deployment on the same Bandwidth account used this id for numbers of its own.
    const request = await input(['3032281005', '3032281006']);
    const foreign = await stack.bandwidth.createImportOrder({
      customerOrderId: request.id,
      siteId: request.siteId,
      subscriber,
      loaAuthorizingPerson: 'Someone Else',
      telephoneNumbers: ['3032281007'],
    });
    const view = await run(request);

    expect(view.status).toBe('FAILED');
    expect(view.failure).toEqual({ code: 'ORDER_ID_CONFLICT', message: expect.stringContaining(foreign.orderId) });
    expect(view.numbers.map((n) => [n.status, n.errorCode])).toEqual([
      ['FAILED', 'ORDER_ID_CONFLICT'],
      ['FAILED', 'ORDER_ID_CONFLICT'],
    ]);
    expect(view.orderId).toBeNull();
    // Nothing was ordered for this request, and the record says the same as the workflow.
    expect(ordersOf(request.id).map((o) => o.orderId)).toEqual([foreign.orderId]);
    const { updatedAt: _a, ...recorded } = (await stack.records.requests.get(request.id))!;
    const { updatedAt: _b, ...story } = view;
    expect(recorded).toEqual(story);
  });
});

describe('when every order notification is lost', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ subscribe: false, orderWait: { pollInitialIntervalMs: 200, pollMaxIntervalMs: 400 } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  test('the safety-net poll still finds the order ended and finishes the request', async () => {
    const id = uniqueId('poll');
    const view = await stack.temporal.client.workflow.execute<typeof hostingRequest>(WORKFLOW_TYPE, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIdFor(id),
      args: [
        {
          id,
          telephoneNumbers: ['3032281005', '3032289999'],
          siteId: '14413',
          subscriber,
          loaAuthorizingPerson: 'Mark Macchioni',
          createdAt: new Date().toISOString(),
          wait: stack.orderWait,
        },
      ],
    });
    expect(view.status).toBe('PARTIAL');
    expect(stack.sandbox.sandbox.notifications().filter((n) => n.orderId === view.orderId)).toHaveLength(0);
  });
});
