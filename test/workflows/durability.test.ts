import { WORKFLOW_TYPE, workflowIdFor } from '../../workflows/ids.js';
import { cancelSignal } from '../../workflows/messages.js';
import type { hostingRequest } from '../../workflows/hosting-request.js';
import type { HostingRequestInput, HostingRequestView } from '../../workflows/types.js';
import { hostingRequestBody, PDF_BYTES, startStack, type TestStack } from '../helpers/stack.js';
import { eventually, uniqueId } from '../helpers/temporal.js';

const TERMINAL = ['COMPLETE', 'PARTIAL', 'FAILED', 'NOTHING_IMPORTABLE', 'CANCELLED'];
const ended = (view: HostingRequestView) => TERMINAL.includes(view.status);
const outcome = (view: HostingRequestView) =>
  Object.fromEntries(view.numbers.map((n) => [n.telephoneNumber, [n.status, n.errorCode ?? null]]));
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

function requestInput(
  stack: TestStack,
  telephoneNumbers: string[],
  extra: Partial<HostingRequestInput> = {},
): HostingRequestInput {
  return {
    id: uniqueId('dur'),
    telephoneNumbers,
    siteId: '14413',
    subscriber: {
      name: 'ABC Inc.',
      serviceAddress: { houseNumber: '11235', streetName: 'Back', city: 'Denver', stateCode: 'CO', zip: '27541' },
    },
    loaAuthorizingPerson: 'Mark Macchioni',
    createdAt: new Date().toISOString(),
    wait: stack.orderWait,
    ...extra,
  };
}

describe('cancellation, late LOAs and notification races', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // Orders take ~1.2 s, so a test can act while one is under way; the poll is far away, so
    // only the webhook can end a wait.
    stack = await startStack({
      stepDelayMs: 600,
      orderWait: { pollInitialIntervalMs: 3_600_000, pollMaxIntervalMs: 3_600_000, loaWaitMs: 60_000 },
    });
  });
  afterAll(async () => {
    await stack.stop();
  });

  const create = async (body: Record<string, unknown>) => {
    const id = uniqueId('dur');
    const response = await stack.api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, ...body })),
    });
    expect(response.status).toBe(202);
    return id;
  };

  test('a request cancelled before its order exists ends CANCELLED and Bandwidth gets no order', async () => {
    const request = requestInput(stack, ['3032281010', '4109235436']);
    // The cancel lands with the start, before any step has run.
    const handle = await stack.temporal.client.workflow.signalWithStart<typeof hostingRequest, [{ reason?: string }]>(
      WORKFLOW_TYPE,
      {
        taskQueue: stack.taskQueue,
        workflowId: workflowIdFor(request.id),
        args: [request],
        signal: cancelSignal,
        signalArgs: [{ reason: 'test' }],
      },
    );
    const view = await stack.temporal.client.workflow.getHandle<typeof hostingRequest>(handle.workflowId).result();
    expect(view.status).toBe('CANCELLED');
    expect(view.cancelRequested).toBe(true);
    expect(outcome(view)).toEqual({ '3032281010': ['FAILED', 'CANCELLED'], '4109235436': ['NOT_IMPORTABLE', '19006'] });
    expect(stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === request.id)).toHaveLength(0);
  });

  test('a request cancelled while its order runs waits for the order, then un-hosts what it hosted', async () => {
    const id = await create({ telephoneNumbers: ['3032281011', '3032289999'] });
    await stack.waitFor(id, (v) => v.status === 'AWAITING_ORDER');
    const cancel = await stack.api(`/v1/hosting-requests/${id}/cancel`, { method: 'POST', body: '{}' });
    expect(cancel.status).toBe(202);

    const view = await stack.waitFor(id, ended);
    expect(view.status).toBe('CANCELLED');
    expect(view.orderStatus).toBe('PARTIAL');
    expect(outcome(view)).toEqual({ '3032281011': ['REMOVED', null], '3032289999': ['FAILED', '7518'] });
    expect(view.removal).toMatchObject({ status: 'COMPLETE', telephoneNumbers: ['3032281011'] });
    const removals = stack.sandbox.sandbox.removals().filter((r) => r.customerOrderId === id);
    expect(removals).toHaveLength(1);
    expect(removals[0]!.telephoneNumbers).toEqual(['3032281011']);
    // Nothing left to cancel.
    expect((await stack.api(`/v1/hosting-requests/${id}/cancel`, { method: 'POST', body: '{}' })).status).toBe(409);
  });

  test('an LOA given after the order ended is uploaded, once', async () => {
    const id = await create({ telephoneNumbers: ['3032281012'] });
    const done = await stack.waitFor(id, (v) => v.status === 'COMPLETE');
    expect(done.loa).toEqual({ status: 'NONE' });

    const loa = { contentType: 'application/pdf', filename: 'late.pdf', data: PDF_BYTES.toString('base64') };
    expect(
      (await stack.api(`/v1/hosting-requests/${id}/loa`, { method: 'POST', body: JSON.stringify(loa) })).status,
    ).toBe(202);
    const view = await stack.waitFor(id, (v) => v.loa.status === 'UPLOADED');
    expect(view.status).toBe('COMPLETE');
    expect(stack.sandbox.sandbox.orders().find((o) => o.customerOrderId === id)!.loas).toHaveLength(1);
    // The request is finished now: another LOA is refused, not uploaded twice.
    await eventually(async () =>
      (await stack.temporal.client.workflow.getHandle(workflowIdFor(id)).describe()).status.name === 'COMPLETED'
        ? true
        : undefined,
    );
    expect(
      (await stack.api(`/v1/hosting-requests/${id}/loa`, { method: 'POST', body: JSON.stringify(loa) })).status,
    ).toBe(409);
  });

  test('an early "COMPLETE" notification is checked against the order and does not end the wait', async () => {
    const id = await create({
      telephoneNumbers: ['3032281013'],
      loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: PDF_BYTES.toString('base64') },
    });
    const waiting = await stack.waitFor(id, (v) => v.status === 'AWAITING_ORDER' && v.orderId !== null);
    const notice = `<Notification><OrderType>importtnorders</OrderType><OrderId>${waiting.orderId}</OrderId><CustomerOrderId>${id}</CustomerOrderId><Status>COMPLETE</Status></Notification>`;
    const post = () =>
      fetch(`${stack.apiUrl}/webhooks/bandwidth/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/xml',
          authorization: basic(stack.webhook.username, stack.webhook.password),
        },
        body: notice,
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200); // a duplicate is harmless

    const view = await stack.waitFor(id, ended);
    expect(view.status).toBe('COMPLETE');
    expect(outcome(view)).toEqual({ '3032281013': ['HOSTED', null] });
    // After the end, a late duplicate is acknowledged and changes nothing.
    await eventually(async () =>
      (await stack.temporal.client.workflow.getHandle(workflowIdFor(id)).describe()).status.name === 'COMPLETED'
        ? true
        : undefined,
    );
    const late = await post();
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ outcome: 'finished' });
    expect(stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === id)).toHaveLength(1);
  });
});

describe('requests larger than one order', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      maxNumbersPerOrder: 2,
      orderWait: { pollInitialIntervalMs: 3_600_000, pollMaxIntervalMs: 3_600_000 },
    });
  });
  afterAll(async () => {
    await stack.stop();
  });

  test("are split over several orders whose outcomes add up to the request's", async () => {
    const id = uniqueId('split');
    const numbers = ['3032281020', '3032281021', '4109235436', '3032281022', '3032289999'];
    const response = await stack.api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(
        hostingRequestBody({
          customerOrderId: id,
          telephoneNumbers: numbers,
          loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: PDF_BYTES.toString('base64') },
        }),
      ),
    });
    expect(response.status).toBe(202);
    const view = await stack.waitFor(id, ended);

    expect(view.status).toBe('PARTIAL');
    expect(outcome(view)).toEqual({
      '3032281020': ['HOSTED', null],
      '3032281021': ['HOSTED', null],
      '4109235436': ['NOT_IMPORTABLE', '19006'],
      '3032281022': ['HOSTED', null],
      '3032289999': ['FAILED', '7518'],
    });
    expect(view.orders.map((o) => [o.customerOrderId, o.orderStatus, o.telephoneNumbers])).toEqual([
      [`${id}-1of2`, 'COMPLETE', 2],
      [`${id}-2of2`, 'PARTIAL', 2],
    ]);
    expect(view.loa.status).toBe('UPLOADED');
    const orders = stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId?.startsWith(id));
    expect(orders.map((o) => [o.customerOrderId, o.loas.length]).sort()).toEqual([
      [`${id}-1of2`, 1],
      [`${id}-2of2`, 1],
    ]);
    // Each part's notification reached the part directly (the poll is an hour away).
    for (const order of orders) {
      expect(stack.sandbox.sandbox.notifications().some((n) => n.orderId === order.orderId && n.delivered)).toBe(true);
    }
  });
});

describe('a long wait', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      subscribe: false,
      stepDelayMs: 800,
      orderWait: { pollInitialIntervalMs: 20, pollMaxIntervalMs: 20 },
    });
  });
  afterAll(async () => {
    await stack.stop();
  });

  test('continues as new to keep history small, and still ends right', async () => {
    const request = { ...requestInput(stack, ['3032281030', '3032289999']), continueAsNewAfterEvents: 20 };
    const first = await stack.temporal.client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIdFor(request.id),
      args: [request],
    });
    const view = await stack.temporal.client.workflow.getHandle<typeof hostingRequest>(first.workflowId).result();
    expect(view.status).toBe('PARTIAL');
    expect(outcome(view)).toEqual({ '3032281030': ['HOSTED', null], '3032289999': ['FAILED', '7518'] });
    const firstRun = await stack.temporal.client.workflow
      .getHandle(first.workflowId, first.firstExecutionRunId)
      .fetchHistory();
    const events = firstRun.events ?? [];
    expect(events.length).toBeLessThan(80);
    expect(events.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
    expect(stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === request.id)).toHaveLength(1);
  });
});
