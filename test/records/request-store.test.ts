import pg from 'pg';
import { newView } from '../../contract/record-ops.js';
import { workflowIdFor } from '../../contract/ids.js';
import {
  loadMigrations,
  migrate,
  NumbersHeldError,
  openDatabase,
  RequestExistsError,
  SchemaTooNewError,
} from '../../records/index.js';
import { createTestDatabase, createTestRecords, testKeyring } from '../helpers/database.js';
import { freshNumbers } from '../helpers/numbers.js';
import { uniqueId } from '../helpers/temporal.js';

/**
 * hostflow's system of record against a real PostgreSQL: the embedded server in `npm test`, and
 * Debian's PostgreSQL in CI (`HOSTFLOW_TEST_DATABASE_URL`).
 */
describe('the record of hosting requests', () => {
  const keyring = testKeyring();
  let kit: Awaited<ReturnType<typeof createTestRecords>>;
  beforeAll(async () => {
    kit = await createTestRecords(keyring);
  });
  afterAll(async () => {
    await kit.close();
  });

  const reserve = (id: string, telephoneNumbers: string[]) =>
    kit.records.requests.reserve({
      view: newView({
        id,
        workflowId: workflowIdFor(id),
        telephoneNumbers,
        hasLoa: false,
        createdAt: new Date().toISOString(),
      }),
      siteId: '14413',
    });

  test('an id is reserved for ever: a second reservation is refused, also after the request ended', async () => {
    const id = uniqueId('rec');
    await reserve(id, freshNumbers(1));
    await expect(reserve(id, freshNumbers(1))).rejects.toBeInstanceOf(RequestExistsError);
    await kit.records.requests.apply(id, [{ op: 'checked', rejected: [], orders: [] }]);
    expect((await kit.records.requests.get(id))!.status).toBe('NOTHING_IMPORTABLE');
    await expect(reserve(id, freshNumbers(1))).rejects.toBeInstanceOf(RequestExistsError);
  });

  test('of two requests racing for the same number, exactly one gets it', async () => {
    const [contested] = freshNumbers(1) as [string];
    const ids = Array.from({ length: 6 }, () => uniqueId('race'));
    const results = await Promise.allSettled(ids.map((id) => reserve(id, [contested, ...freshNumbers(1)])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(NumbersHeldError);
    const winner = ids[results.findIndex((r) => r.status === 'fulfilled')]!;
    expect(await kit.records.numbers.get(contested)).toMatchObject({ status: 'PENDING', requestId: winner });
    // The losers left nothing behind.
    for (const [i, id] of ids.entries())
      if (results[i]!.status === 'rejected') expect(await kit.records.requests.get(id)).toBeUndefined();
  });

  test('a hosted number stays held after its request ended; a failed one is free again', async () => {
    const id = uniqueId('hold');
    const [hosted, failing] = freshNumbers(2) as [string, string];
    await reserve(id, [hosted, failing]);
    await kit.records.requests.apply(id, [
      { op: 'checked', rejected: [], orders: [{ customerOrderId: id, telephoneNumbers: [hosted, failing] }] },
      {
        op: 'orderCreated',
        index: 0,
        orderId: `o-${id}`,
        orderStatus: 'RECEIVED',
        telephoneNumbers: [hosted, failing],
      },
      {
        op: 'orderRead',
        index: 0,
        orderId: `o-${id}`,
        orderStatus: 'PARTIAL',
        errors: [{ code: '7518', description: 'Telephone Number Not Active.', telephoneNumbers: [failing] }],
        telephoneNumbers: [hosted, failing],
      },
    ]);
    const view = (await kit.records.requests.get(id))!;
    expect(view.status).toBe('PARTIAL');
    const error = await reserve(uniqueId('next'), [failing, hosted]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NumbersHeldError);
    expect((error as NumbersHeldError).held).toEqual([
      { telephoneNumber: hosted, status: 'HOSTED', requestId: id, index: 1 },
    ]);
    await reserve(uniqueId('next'), [failing]);
    const record = (await kit.records.numbers.get(hosted))!;
    expect(record).toMatchObject({ status: 'HOSTED', requestId: id, orderId: `o-${id}` });
    expect(record.history.map((h) => h.status)).toEqual(['PENDING', 'HOSTED']);
    expect(record.history[1]).toMatchObject({ orderId: `o-${id}`, requestId: id });
    const failed = (await kit.records.numbers.get(failing))!;
    expect(failed.history.map((h) => [h.status, h.errorCode ?? null])).toEqual([
      ['PENDING', null],
      ['FAILED', '7518'],
      ['PENDING', null],
    ]);
  });

  test('a step recorded twice (a retried activity) changes nothing the second time', async () => {
    const id = uniqueId('again');
    const numbers = freshNumbers(2);
    await reserve(id, numbers);
    const ops = [
      { op: 'checked' as const, rejected: [], orders: [{ customerOrderId: id, telephoneNumbers: numbers }] },
      {
        op: 'orderCreated' as const,
        index: 0,
        orderId: `o-${id}`,
        orderStatus: 'RECEIVED' as const,
        telephoneNumbers: numbers,
      },
    ];
    const first = await kit.records.requests.apply(id, ops);
    const second = await kit.records.requests.apply(id, ops);
    expect(first.changed).toBe(true);
    expect(second.changed).toBe(false);
    expect(second.view).toEqual(first.view);
    const events = await kit.records.requests.events(id);
    expect(events.map((e) => e.type)).toEqual(['request.accepted', 'order.changed', 'status.changed']);
  });

  test('a late, stale read (an attempt that timed out but still finished) cannot undo a newer one', async () => {
    const id = uniqueId('stale');
    const numbers = freshNumbers(1);
    await reserve(id, numbers);
    const read = (orderStatus: 'PROCESSING' | 'COMPLETE') => ({
      op: 'orderRead' as const,
      index: 0,
      orderId: `o-${id}`,
      orderStatus,
      errors: [],
      telephoneNumbers: numbers,
    });
    await kit.records.requests.apply(id, [
      { op: 'checked', rejected: [], orders: [{ customerOrderId: id, telephoneNumbers: numbers }] },
      { op: 'orderCreated', index: 0, orderId: `o-${id}`, orderStatus: 'RECEIVED', telephoneNumbers: numbers },
      read('COMPLETE'),
    ]);
    const stale = await kit.records.requests.apply(id, [read('PROCESSING')]);
    expect(stale.changed).toBe(false);
    expect(stale.view).toMatchObject({ status: 'COMPLETE', orderStatus: 'COMPLETE' });
    expect(stale.view.numbers).toEqual([{ telephoneNumber: numbers[0], status: 'HOSTED' }]);
  });

  test('MESSAGING_LOST marks a hosted number LOST in the registry and in its request; unknown numbers are left alone', async () => {
    const id = uniqueId('lost');
    const [hosted] = freshNumbers(1) as [string];
    const [stranger] = freshNumbers(1) as [string];
    await reserve(id, [hosted]);
    await kit.records.requests.apply(id, [
      { op: 'checked', rejected: [], orders: [{ customerOrderId: id, telephoneNumbers: [hosted] }] },
      { op: 'orderCreated', index: 0, orderId: `o-${id}`, orderStatus: 'COMPLETE', telephoneNumbers: [hosted] },
      {
        op: 'orderRead',
        index: 0,
        orderId: `o-${id}`,
        orderStatus: 'COMPLETE',
        errors: [],
        telephoneNumbers: [hosted],
      },
    ]);
    const outcome = await kit.records.numbers.markLost([hosted, stranger], { eventType: 'MESSAGING_LOST' });
    expect(outcome).toEqual({ lost: [hosted], unknown: [stranger] });
    expect((await kit.records.numbers.get(hosted))!.status).toBe('LOST');
    const view = (await kit.records.requests.get(id))!;
    expect(view.status).toBe('COMPLETE');
    expect(view.numbers[0]).toMatchObject({ telephoneNumber: hosted, status: 'LOST' });
    expect((await kit.records.requests.events(id)).map((e) => e.type)).toContain('notification.received');
    // Lost is not held: the number may be hosted again.
    await reserve(uniqueId('again'), [hosted]);
  });

  test('LOA bytes are sealed: no table holds them in plain text, and they come back exactly', async () => {
    const id = uniqueId('sealed');
    await reserve(id, freshNumbers(1));
    const marker = 'Signed-by-Ottoline-Vasquez-Thorncastle';
    const data = Buffer.from(`%PDF-1.4\n% ${marker}\n%%EOF\n`);
    const docId = await kit.records.loas.put({
      requestId: id,
      contentType: 'application/pdf',
      filename: 'loa.pdf',
      data,
    });
    expect((await kit.records.loas.get(docId))!.data.equals(data)).toBe(true);
    // What a dump of the database would hold: every row of every table, as text and as bytes.
    const tables = await kit.records.db.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    for (const { tablename } of tables.rows) {
      const rows = await kit.records.db.query(`SELECT row_to_json(t)::text AS row FROM "${tablename}" t`);
      for (const row of rows.rows as Array<{ row: string }>) {
        expect(row.row).not.toContain(marker);
        expect(row.row).not.toContain(Buffer.from(marker).toString('hex'));
      }
    }
    // Moved to another row, the sealed bytes no longer open.
    const other = await kit.records.loas.put({
      requestId: id,
      contentType: 'application/pdf',
      filename: 'b.pdf',
      data,
    });
    await kit.records.db.query(
      'UPDATE loa_documents SET sealed = (SELECT sealed FROM loa_documents WHERE id = $1) WHERE id = $2',
      [docId, other],
    );
    await expect(kit.records.loas.get(other)).rejects.toMatchObject({ code: 'PAYLOAD_DECRYPT_FAILED' });
  });
});

describe('migrations', () => {
  test('several processes migrating one database at once apply each migration exactly once', async () => {
    const database = await createTestDatabase();
    // A blank database (not the migrated template): drop what the copy brought.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await admin.end();
    const pools = await Promise.all(Array.from({ length: 4 }, () => openDatabase(database.url, { max: 2 })));
    try {
      const results = await Promise.all(pools.map((pool) => migrate(pool)));
      const migrations = await loadMigrations();
      expect(results.flatMap((r) => r.applied)).toHaveLength(migrations.length);
      const applied = await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.rows.map((r: { version: number }) => r.version)).toEqual(migrations.map((m) => m.version));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await database.drop();
    }
  });

  test('a database migrated by a newer hostflow is refused with one clear line', async () => {
    const database = await createTestDatabase();
    const pool = await openDatabase(database.url);
    try {
      await pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')");
      const error = await migrate(pool).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect((error as Error).message).toMatch(
        /^the database schema is at version 9999, newer than this hostflow knows/,
      );
    } finally {
      await pool.end();
      await database.drop();
    }
  });

  test('a DATABASE_URL that cannot be reached, or authenticated, fails in one line naming the variable', async () => {
    await expect(openDatabase('postgres://u:p@127.0.0.1:1/x')).rejects.toMatchObject({
      code: 'DATABASE_CONFIG',
      message: expect.stringMatching(/^DATABASE_URL: u@127\.0\.0\.1:1\/x: cannot connect \(ECONNREFUSED\)$/),
    });
    const database = await createTestDatabase();
    const wrong = new URL(database.url);
    wrong.password = 'not-the-password';
    try {
      await expect(openDatabase(wrong.toString())).rejects.toMatchObject({
        code: 'DATABASE_CONFIG',
        message: expect.stringMatching(/authentication failed/),
      });
      await expect(openDatabase(wrong.toString())).rejects.not.toMatchObject({
        message: expect.stringContaining('not-the-password'),
      });
    } finally {
      await database.drop();
    }
  });
});
