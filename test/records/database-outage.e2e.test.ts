import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostingRequestView } from '../../contract/view.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../records/embedded-postgres.js';
import { freshNumbers } from '../helpers/numbers.js';
import { hostingRequestBody, startStack, type TestStack } from '../helpers/stack.js';
import { eventually, uniqueId } from '../helpers/temporal.js';

/**
 * hostflow's PostgreSQL going away: the API says so (503, never a 500), readiness says which part
 * is down, the steps that could not record what they learned retry, and once the database is back
 * the request ends as if nothing happened — one order, nothing lost.
 */
describe('when the database is down for a while', () => {
  let dir: string;
  let postgres: EmbeddedPostgres;
  let stack: TestStack;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostflow-db-outage-'));
    await chmod(dir, 0o755);
    postgres = await startEmbeddedPostgres({ dir: join(dir, 'cluster') });
    // Orders take a few seconds: long enough for the outage to fall inside one.
    stack = await startStack({ databaseUrl: postgres.url, stepDelayMs: 1_500, orderWait: { loaWaitMs: 0 } });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('reads are 503 problem+json, readiness names the database, and the request ends COMPLETE once it is back', async () => {
    const id = uniqueId('outage');
    const numbers = freshNumbers(2);
    expect(
      (
        await stack.api('/v1/hosting-requests', {
          method: 'POST',
          body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: numbers })),
        })
      ).status,
    ).toBe(202);
    await stack.waitFor(id, (v) => v.status === 'AWAITING_ORDER');

    await postgres.stop();
    const read = await stack.api(`/v1/hosting-requests/${id}`);
    expect(read.status).toBe(503);
    expect(read.headers.get('content-type')).toMatch(/problem\+json/);
    expect(read.headers.get('retry-after')).toBe('5');
    expect(((await read.json()) as { type: string }).type).toBe('urn:hostflow:problem:database-unavailable');
    const post = await stack.api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(
        hostingRequestBody({ customerOrderId: uniqueId('refused'), telephoneNumbers: freshNumbers(1) }),
      ),
    });
    expect(post.status).toBe(503);
    const ready = await stack.api('/readyz');
    expect([ready.status, await ready.json()]).toEqual([
      503,
      { status: 'database unavailable', checks: { temporal: 'up', database: 'down' } },
    ]);
    // Let the order end at Bandwidth while the record cannot be written: the step that reads it retries.
    await eventually(
      async () =>
        stack.sandbox.sandbox.orders().find((o) => o.customerOrderId === id)?.processingStatus === 'COMPLETE'
          ? true
          : undefined,
      30_000,
      'the order completed at Bandwidth',
    );

    postgres = await startEmbeddedPostgres({ dir: join(dir, 'cluster'), port: postgres.port });
    const view = (await stack.waitFor(id, (v) => v.status === 'COMPLETE', 90_000)) as HostingRequestView;
    expect(view.numbers.map((n) => n.status)).toEqual(['HOSTED', 'HOSTED']);
    expect(stack.sandbox.sandbox.orders().filter((o) => o.customerOrderId === id)).toHaveLength(1);
    expect((await stack.api('/readyz')).status).toBe(200);
  }, 180_000);
});
