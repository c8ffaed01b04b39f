import { spawnSync } from 'node:child_process';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../../contract/ids.js';
import type { HostingRequestView } from '../../contract/view.js';
import { findTemporalCli } from '../../scripts/temporal-cli.js';
import { freshNumbers } from '../helpers/numbers.js';
import { hostingRequestBody, startStack, type TestStack } from '../helpers/stack.js';
import { eventually, temporalAddress, uniqueId } from '../helpers/temporal.js';

/**
 * A request's record outlives Temporal's retention: once its workflow history is deleted (what
 * Temporal does after the namespace's retention), everything a user reads still answers, and the
 * id and the hosted numbers stay taken.
 */
describe('the record after Temporal has forgotten the workflow', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ orderWait: { loaWaitMs: 0 } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const post = (body: Record<string, unknown>) =>
    stack.api('/v1/hosting-requests', { method: 'POST', body: JSON.stringify(body) });

  test('GET, the number registry and the LOA answer as before; the id and the hosted numbers stay taken', async () => {
    const id = uniqueId('retained');
    const numbers = freshNumbers(2);
    const loaBytes = Buffer.from('%PDF-1.4\n% retained LOA\n%%EOF\n');
    const loa = { contentType: 'application/pdf', filename: 'retained.pdf', data: loaBytes.toString('base64') };
    expect((await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: numbers, loa }))).status).toBe(202);
    const done = await stack.waitFor(id, (v) => v.status === 'COMPLETE' && v.loa.status === 'UPLOADED');

    // Delete the history exactly as an operator (or the retention timer) would.
    const handle = stack.temporal.client.workflow.getHandle(workflowIdFor(id));
    await eventually(async () => ((await handle.describe()).status.name === 'RUNNING' ? undefined : true));
    const deleted = spawnSync(
      findTemporalCli(),
      ['workflow', 'delete', '--yes', '--address', temporalAddress(), '--workflow-id', workflowIdFor(id)],
      { encoding: 'utf8' },
    );
    expect({ status: deleted.status, stderr: deleted.stderr }).toEqual({ status: 0, stderr: '' });
    await eventually(
      async () =>
        handle.describe().then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof WorkflowNotFoundError) return true;
            throw error;
          },
        ),
      // Temporal deletes asynchronously: about 40 s on the dev server.
      120_000,
      'the workflow deleted',
    );

    const after = await stack.api(`/v1/hosting-requests/${id}`);
    expect(after.status).toBe(200);
    expect((await after.json()) as HostingRequestView).toEqual(done);

    const again = await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(1) }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { type: string }).type).toBe('urn:hostflow:problem:request-exists');

    const other = uniqueId('other');
    const taken = await post(
      hostingRequestBody({ customerOrderId: other, telephoneNumbers: [...freshNumbers(1), numbers[1]] }),
    );
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({
      type: 'urn:hostflow:problem:numbers-held',
      errors: [{ path: 'telephoneNumbers[1]', message: `${numbers[1]} is hosted by request ${JSON.stringify(id)}` }],
    });

    const number = (await (await stack.api(`/v1/telephone-numbers/+1${numbers[0]}`)).json()) as Record<string, unknown>;
    expect(number).toMatchObject({
      telephoneNumber: numbers[0],
      status: 'HOSTED',
      requestId: id,
      orderId: done.orderId,
    });
    expect((number.history as Array<{ status: string }>).map((h) => h.status)).toEqual(['PENDING', 'HOSTED']);

    const file = await stack.api(`/v1/hosting-requests/${id}/loa`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(loaBytes)).toBe(true);
  }, 180_000);

  test("a hosted number ported away (Bandwidth's MESSAGING_LOST) reads LOST, in the registry and in its request", async () => {
    const id = uniqueId('ported');
    const [kept, ported] = freshNumbers(2) as [string, string];
    expect((await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: [kept, ported] }))).status).toBe(
      202,
    );
    await stack.waitFor(id, (v) => v.status === 'COMPLETE');
    const lose = await fetch(`${stack.sandbox.url}/_sandbox/numbers/+1${ported}/lose`, { method: 'POST' });
    expect(lose.status).toBe(202);
    const lost = await eventually(async () => {
      const record = (await (await stack.api(`/v1/telephone-numbers/${ported}`)).json()) as { status: string };
      return record.status === 'LOST' ? record : undefined;
    });
    expect(lost).toMatchObject({ telephoneNumber: ported, status: 'LOST', requestId: id });
    const view = (await (await stack.api(`/v1/hosting-requests/${id}`)).json()) as HostingRequestView;
    expect(view.status).toBe('COMPLETE');
    expect(view.numbers.map((n) => [n.telephoneNumber, n.status])).toEqual([
      [kept, 'HOSTED'],
      [ported, 'LOST'],
    ]);
  });

  test('an LOA of 10 MiB is accepted and uploaded whole; one byte more is a 413 naming loa.data', async () => {
    const id = uniqueId('big-loa');
    const big = Buffer.alloc(10 * 1024 * 1024, 0x41);
    big.write('%PDF-1.4\n', 0);
    const loa = (data: Buffer) => ({
      contentType: 'application/pdf',
      filename: 'big.pdf',
      data: data.toString('base64'),
    });
    expect(
      (await post(hostingRequestBody({ customerOrderId: id, telephoneNumbers: freshNumbers(1), loa: loa(big) })))
        .status,
    ).toBe(202);
    await stack.waitFor(id, (v) => v.loa.status === 'UPLOADED', 60_000);
    const order = stack.sandbox.sandbox.orders().find((o) => o.customerOrderId === id)!;
    expect(order.loas.map((l) => l.bytes)).toEqual([big.length]);

    for (const size of [big.length + 1, 20 * 1024 * 1024]) {
      const refused = await post(
        hostingRequestBody({
          customerOrderId: uniqueId('too-big'),
          telephoneNumbers: freshNumbers(1),
          loa: loa(Buffer.alloc(size)),
        }),
      );
      expect(refused.status).toBe(413);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(((await refused.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual([
        'loa.data',
      ]);
    }
  });
});
