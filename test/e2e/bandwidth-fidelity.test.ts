import type { LoggedRequest } from '../../sandbox/index.js';
import { WORKFLOW_TYPE, workflowIdFor } from '../../workflows/ids.js';
import type { hostingRequest } from '../../workflows/hosting-request.js';
import { TERMINAL_STATUSES, type HostingRequestInput, type HostingRequestView } from '../../workflows/types.js';
import { hostingRequestBody, PDF_BYTES, startStack, type TestStack } from '../helpers/stack.js';
import { eventually, uniqueId } from '../helpers/temporal.js';

/*
 * Full hosting requests through the real stack (API → workflow → worker → client) against a
 * Bandwidth imitation that answers the way real accounts do, not the way the seed's tidy
 * examples do — the `varied` dialect of the sandbox.
 */

const NOT_ACTIVE = { errorCode: '7518', errorDescription: 'Telephone Number Not Active.' };
const NOT_IMPORTABLE = {
  errorCode: '19006',
  errorDescription: 'Bandwidth numbers cannot be imported by this account at this time.',
};
const OAUTH_CLIENT = { clientId: 'fidelity-client', clientSecret: 'fidelity-client-secret' };
const TOKEN_TTL_SECONDS = 2;

const isEnded = (view: HostingRequestView) => TERMINAL_STATUSES.includes(view.status);

async function submit(stack: TestStack, body: Record<string, unknown>): Promise<string> {
  const id = uniqueId('fidelity');
  const response = await stack.api('/v1/hosting-requests', {
    method: 'POST',
    body: JSON.stringify(hostingRequestBody({ customerOrderId: id, ...body })),
  });
  expect(response.status).toBe(202);
  return id;
}

/**
 * Starts a request with the Temporal client, past the API's validation: the only way to send
 * Bandwidth a number its checker refuses outright (the API refuses N11 area codes itself).
 */
async function submitPastTheApi(stack: TestStack, telephoneNumbers: string[]): Promise<string> {
  const id = uniqueId('fidelity');
  const body = hostingRequestBody() as { subscriber: HostingRequestInput['subscriber'] };
  await stack.temporal.client.workflow.start<typeof hostingRequest>(WORKFLOW_TYPE, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIdFor(id),
    args: [
      {
        id,
        telephoneNumbers,
        siteId: '14413',
        subscriber: body.subscriber,
        loaAuthorizingPerson: 'Mark Macchioni',
        createdAt: new Date().toISOString(),
        wait: stack.orderWait,
      },
    ],
  });
  return id;
}

/** Calls to the imitated API made since `sinceMs`, token requests left out. */
function apiCallsSince(stack: TestStack, sinceMs: number): LoggedRequest[] {
  return stack.sandbox.sandbox
    .requests()
    .filter((entry) => entry.receivedAtMs >= sinceMs && entry.endpoint !== 'token');
}

function epochMs(
  ts: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined,
): number {
  const seconds = ts?.seconds ?? 0;
  return (typeof seconds === 'number' ? seconds : seconds.toNumber()) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);
}

describe('hosting against the varied Bandwidth imitation, over OAuth2 with tokens that expire every 2 seconds', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      auth: 'oauth2',
      sandboxOptions: { dialect: 'varied', oauthClient: { ...OAUTH_CLIENT, tokenTtlSeconds: TOKEN_TTL_SECONDS } },
      // No safety-net poll within the test: requests end through the (varied) notification.
      orderWait: { pollInitialIntervalMs: 3_600_000, pollMaxIntervalMs: 3_600_000 },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('every number ends with the right outcome: hosted, failed in a PARTIAL or FAILED order, not importable, or refused by the check', async () => {
    expect(stack.sandbox.sandbox.dialect).toBe('varied');
    const { county: _county, ...address } = (
      hostingRequestBody().subscriber as { serviceAddress: Record<string, string> }
    ).serviceAddress;
    const [partial, failed, refused, nothing] = await Promise.all([
      // No SipPeerId and no County: the answers leave those elements out.
      submit(stack, {
        telephoneNumbers: ['3032281000', '3032289999', '4105550100'],
        sipPeerId: undefined,
        subscriber: { name: 'ABC Inc.', serviceAddress: address },
        loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: PDF_BYTES.toString('base64') },
      }),
      submit(stack, { telephoneNumbers: ['3032299999'] }),
      // 911 is no area code: the check itself is refused (400, <ResponseStatus> shape).
      submitPastTheApi(stack, ['9115550100', '3032281001']),
      submit(stack, { telephoneNumbers: ['4105550101'] }),
    ]);
    // The four run at once; waiting for them one after the other costs nothing.
    const partialView = await stack.waitFor(partial, isEnded);
    const failedView = await stack.waitFor(failed, isEnded);
    const refusedView = await stack.waitFor(refused, isEnded);
    const nothingView = await stack.waitFor(nothing, isEnded);

    expect(partialView).toMatchObject({ status: 'PARTIAL', orderStatus: 'PARTIAL' });
    expect(partialView.numbers).toEqual([
      { telephoneNumber: '3032281000', status: 'HOSTED' },
      { telephoneNumber: '3032289999', status: 'FAILED', ...NOT_ACTIVE },
      { telephoneNumber: '4105550100', status: 'NOT_IMPORTABLE', ...NOT_IMPORTABLE },
    ]);
    expect(partialView.loa).toEqual({
      status: 'UPLOADED',
      filename: expect.stringMatching(new RegExp(`^${partialView.orderId}-\\d+\\.pdf$`)),
    });

    expect(failedView).toMatchObject({ status: 'FAILED', orderStatus: 'FAILED' });
    expect(failedView.numbers).toEqual([{ telephoneNumber: '3032299999', status: 'FAILED', ...NOT_ACTIVE }]);

    expect(refusedView).toMatchObject({ status: 'FAILED', orderId: null });
    const invalid = {
      status: 'FAILED',
      errorCode: '7201',
      errorDescription: '9115550100 is not a valid NANPA telephone number.',
    };
    expect(refusedView.numbers).toEqual([
      { telephoneNumber: '9115550100', ...invalid },
      { telephoneNumber: '3032281001', ...invalid },
    ]);

    expect(nothingView).toMatchObject({ status: 'NOTHING_IMPORTABLE', orderId: null });
    expect(nothingView.numbers).toEqual([
      { telephoneNumber: '4105550101', status: 'NOT_IMPORTABLE', ...NOT_IMPORTABLE },
    ]);

    // Two orders, each created once (the varied 201 has the plural root), and the PARTIAL one got its LOA.
    const orders = stack.sandbox.sandbox
      .orders()
      .filter((order) => [partial, failed].includes(order.customerOrderId ?? ''));
    expect(orders.map((order) => [order.customerOrderId, order.processingStatus, order.loas.length]).sort()).toEqual(
      [
        [partial, 'PARTIAL', 1],
        [failed, 'FAILED', 0],
      ].sort(),
    );
  });

  test('no request fails while tokens expire every 2 seconds, over more than 5 seconds of calls', async () => {
    const startedAt = Date.now();
    const ids: string[] = [];
    for (let round = 0; round < 4; round++) {
      // Every round starts once every token issued so far has run out: its calls need a new one,
      // fetched after the wait, so four rounds span at least three token lifetimes.
      const expiresAt = Math.max(0, ...stack.sandbox.sandbox.tokens().map((token) => token.expiresAtMs));
      await eventually(async () => (Date.now() >= expiresAt ? true : undefined), 5_000, 'the current token to expire');
      // Two requests at once: their concurrent calls share one token.
      const started = await Promise.all(
        [0, 1].map((i) => submit(stack, { telephoneNumbers: [`30322${round}${i}100`, `30322${round}${i}200`] })),
      );
      ids.push(...started);
      for (const view of await Promise.all(started.map((id) => stack.waitFor(id, isEnded)))) {
        expect(view.status).toBe('COMPLETE');
        expect(view.numbers.map((n) => n.status)).toEqual(['HOSTED', 'HOSTED']);
      }
    }

    // No Bandwidth call failed: every activity of every request succeeded on its first attempt.
    expect(ids).toHaveLength(8);
    for (const id of ids) {
      const { events } = await stack.temporal.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
      const attempts = (events ?? []).flatMap((event) =>
        event.activityTaskStartedEventAttributes ? [event.activityTaskStartedEventAttributes.attempt] : [],
      );
      expect(attempts.length).toBeGreaterThanOrEqual(3);
      expect(attempts.every((attempt) => attempt === 1)).toBe(true);
    }
    // …while the calls, over more than 5 seconds, went out with at least four successive tokens.
    const calls = apiCallsSince(stack, startedAt);
    expect(
      calls
        .filter((call) => call.status >= 200 && call.status < 300)
        .every((call) => call.auth === 'bearer' && call.tokenSerial !== undefined),
    ).toBe(true);
    expect(
      new Set(calls.map((call) => call.tokenSerial).filter((serial) => serial !== undefined)).size,
    ).toBeGreaterThanOrEqual(4);
    expect(calls[calls.length - 1]!.receivedAtMs - calls[0]!.receivedAtMs).toBeGreaterThan(5_000);
  });

  test('after a 429 on importTnChecker the check is retried only once the rate-limit window has reset', async () => {
    const startedAt = Date.now();
    stack.sandbox.sandbox.setFaults({ rateLimit: { endpoint: 'importTnChecker', burst: 1, resetAfterMs: 2_000 } });
    try {
      // The window's one allowed call: the request's own check, right after, is refused with a 429.
      await stack.bandwidth.checkImportability({ telephoneNumbers: ['3032287000'] });
      const id = await submit(stack, { telephoneNumbers: ['3032287100', '4105557100'] });
      const view = await stack.waitFor(id, isEnded);
      expect(view.status).toBe('COMPLETE');
      expect(view.numbers).toEqual([
        { telephoneNumber: '3032287100', status: 'HOSTED' },
        { telephoneNumber: '4105557100', status: 'NOT_IMPORTABLE', ...NOT_IMPORTABLE },
      ]);

      // The sandbox's log: allowed, limited (with the window's reset time), then allowed again — not before the reset.
      const checks = apiCallsSince(stack, startedAt).filter((call) => call.endpoint === 'importTnChecker');
      expect(checks.map((call) => call.status)).toEqual([200, 429, 200]);
      const resetAtMs = Number(checks[1]!.rateLimitReset) * 1000;
      expect(resetAtMs).toBeGreaterThan(checks[1]!.receivedAtMs);
      expect(checks[2]!.receivedAtMs).toBeGreaterThanOrEqual(resetAtMs);

      // The workflow history: the check activity's second attempt started at or after the reset time.
      const history = await stack.temporal.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
      const events = history.events ?? [];
      const scheduled = events.find(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'checkImportability',
      );
      const started = events.find(
        (event) => String(event.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled?.eventId),
      );
      const attributes = started?.activityTaskStartedEventAttributes;
      expect(attributes?.attempt).toBe(2);
      expect(attributes?.lastFailure?.applicationFailureInfo?.type).toBe('BANDWIDTH_RATE_LIMITED');
      expect(epochMs(started?.eventTime)).toBeGreaterThanOrEqual(resetAtMs);
    } finally {
      stack.sandbox.sandbox.clearFaults();
    }
  });
});

describe('hosting against the varied Bandwidth imitation with legacy Basic credentials', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ auth: 'basic', sandboxOptions: { dialect: 'varied' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('a request still ends with every number right, every call made with Basic credentials', async () => {
    const startedAt = Date.now();
    const id = await submit(stack, { telephoneNumbers: ['3032286000', '3032269999', '4105556000'] });
    const view = await stack.waitFor(id, isEnded);
    expect(view).toMatchObject({ status: 'PARTIAL', orderStatus: 'PARTIAL' });
    expect(view.numbers).toEqual([
      { telephoneNumber: '3032286000', status: 'HOSTED' },
      { telephoneNumber: '3032269999', status: 'FAILED', ...NOT_ACTIVE },
      { telephoneNumber: '4105556000', status: 'NOT_IMPORTABLE', ...NOT_IMPORTABLE },
    ]);
    const calls = apiCallsSince(stack, startedAt);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.auth === 'basic' && call.status < 300)).toBe(true);
    expect(stack.sandbox.sandbox.tokens()).toEqual([]);
  });
});
