import type pg from 'pg';
import { applyRecordOps, type RecordOp } from '../contract/record-ops.js';
import { isTerminalStatus, type HostingStatus } from '../contract/statuses.js';
import type { HostingRequestView } from '../contract/view.js';
import { diffViews, type ViewDiff } from '../contract/view-diff.js';
import { guardDatabase, type Database } from './database.js';
import { NumbersHeldError, RecordMissingError, RequestExistsError } from './errors.js';
import { eventsOf, type TimelineEvent } from './timeline.js';

/** How many numbers a list row shows (as the search attribute did). */
const LISTED_NUMBERS = 150;

export interface ReserveRequest {
  view: HostingRequestView;
  siteId: string;
  /** The workflow input, sealed, so the record keeper can start the workflow if the API could not. */
  startInput?: { keyId: string; sealed: Buffer };
  /** Extra work in the same transaction (the LOA document). */
  within?: (client: pg.PoolClient) => Promise<void>;
}

export interface RequestListFilter {
  status?: HostingStatus;
  telephoneNumber?: string;
  limit: number;
  /** Where the previous page ended (decoded from a signed page token). */
  after?: ListCursor;
}

export interface ListCursor {
  open: boolean;
  at: string;
  id: string;
}

export interface RequestSummary {
  id: string;
  workflowId: string;
  status: string;
  orderId: string | null;
  siteId: string | null;
  telephoneNumbers: string[];
  startedAt: string | null;
  closedAt: string | null;
}

export interface AppliedRecord {
  view: HostingRequestView;
  changed: boolean;
  diff?: ViewDiff;
}

export interface ApplyOptions {
  /** Timeline events to add beside those the change itself produces. */
  events?: TimelineEvent[];
}

const NUMBER_TERMINAL_HOLD = ['HOSTED'];

/** `$1, $2, …` helpers for arrays passed as one parameter each. */
async function inTransaction<T>(db: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return guardDatabase(async () => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}

async function insertEvents(client: pg.PoolClient, requestId: string, at: string, events: TimelineEvent[]) {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO request_events (request_id, at, type, data)
     SELECT $1, $2, t, d FROM unnest($3::text[], $4::jsonb[]) AS e(t, d)`,
    [requestId, at, events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
  );
}

/** Registry: the numbers' new statuses in this request, with a history row for each change. */
async function recordNumberChanges(client: pg.PoolClient, requestId: string, at: string, diff: ViewDiff) {
  if (diff.numbers.length === 0) return;
  await client.query(
    `WITH changed AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS c(tn, status, code, description)
     ), updated AS (
       UPDATE telephone_numbers t
          SET status = c.status, error_code = c.code, error_description = c.description, updated_at = $6
         FROM changed c
        WHERE t.telephone_number = c.tn AND t.request_id = $1
       RETURNING t.telephone_number, t.status, t.order_id, t.error_code, t.error_description
     )
     INSERT INTO telephone_number_history (telephone_number, at, status, request_id, order_id, error_code, error_description)
     SELECT telephone_number, $6, status, $1, order_id, error_code, error_description FROM updated`,
    [
      requestId,
      diff.numbers.map((n) => n.telephoneNumber),
      diff.numbers.map((n) => n.status),
      diff.numbers.map((n) => n.errorCode ?? null),
      diff.numbers.map((n) => n.errorDescription ?? null),
      at,
    ],
  );
}

/** Order ids: on each number of the order in the registry, and the order findable by its id. */
async function recordOrders(
  client: pg.PoolClient,
  requestId: string,
  view: HostingRequestView,
  ops: readonly RecordOp[],
) {
  for (const op of ops) {
    if (op.op === 'orderCreated' || op.op === 'orderRead') {
      const order = view.orders[op.index];
      if (!order || order.orderId !== op.orderId) continue;
      await client.query(
        `INSERT INTO bandwidth_orders (order_id, kind, request_id, order_index, customer_order_id)
         VALUES ($1, 'import', $2, $3, $4) ON CONFLICT (order_id) DO NOTHING`,
        [op.orderId, requestId, op.index, order.customerOrderId],
      );
      if (op.telephoneNumbers.length > 0) {
        await client.query(
          `UPDATE telephone_numbers SET order_id = $1
            WHERE telephone_number = ANY($2::text[]) AND request_id = $3 AND order_id IS DISTINCT FROM $1`,
          [op.orderId, op.telephoneNumbers, requestId],
        );
      }
    } else if (op.op === 'removal' && op.removal.orderId) {
      const order = view.orders[op.index];
      await client.query(
        `INSERT INTO bandwidth_orders (order_id, kind, request_id, order_index, customer_order_id)
         VALUES ($1, 'removal', $2, $3, $4) ON CONFLICT (order_id) DO NOTHING`,
        [op.removal.orderId, requestId, op.index, order?.customerOrderId ?? requestId],
      );
    }
  }
}

async function saveView(client: pg.PoolClient, view: HostingRequestView, previous: HostingStatus) {
  const ended = isTerminalStatus(view.status);
  await client.query(
    `UPDATE hosting_requests
        SET view = $2, status = $3, updated_at = $4, attention_code = $5,
            ended_at = CASE WHEN NOT $6 THEN NULL WHEN $7 OR ended_at IS NULL THEN $4 ELSE ended_at END
      WHERE id = $1`,
    [
      view.id,
      JSON.stringify(view),
      view.status,
      view.updatedAt,
      view.attention?.code ?? null,
      ended,
      previous !== view.status,
    ],
  );
}

/**
 * Takes each number that no other request holds (pending in a running one, or hosted) for
 * `requestId`, with a history row for each; concurrent claims of one number serialise on its row.
 * Returns the numbers it took.
 */
async function claimNumbers(
  client: pg.PoolClient,
  numbers: string[],
  requestId: string,
  at: string,
): Promise<string[]> {
  const claimed = await client.query<{ telephone_number: string }>(
    `WITH claimed AS (
       INSERT INTO telephone_numbers (telephone_number, status, request_id, updated_at)
       SELECT tn, 'PENDING', $2, $3 FROM unnest($1::text[]) AS tn
       ON CONFLICT (telephone_number) DO UPDATE
          SET status = 'PENDING', request_id = EXCLUDED.request_id, order_id = NULL,
              error_code = NULL, error_description = NULL, updated_at = EXCLUDED.updated_at
        WHERE telephone_numbers.status <> ALL($4::text[])
          AND NOT (telephone_numbers.status = 'PENDING' AND EXISTS (
                SELECT 1 FROM hosting_requests r WHERE r.id = telephone_numbers.request_id AND r.ended_at IS NULL))
       RETURNING telephone_number
     ), history AS (
       INSERT INTO telephone_number_history (telephone_number, at, status, request_id)
       SELECT telephone_number, $3, 'PENDING', $2 FROM claimed
     )
     SELECT telephone_number FROM claimed`,
    [numbers, requestId, at, NUMBER_TERMINAL_HOLD],
  );
  return claimed.rows.map((r) => r.telephone_number);
}

export function createRequestStore(db: Database) {
  return {
    /**
     * Reserves the id (unique for ever) and the numbers, in one transaction: a number pending in
     * another running request, or hosted, refuses the whole request.
     */
    reserve: ({ view, siteId, startInput, within }: ReserveRequest): Promise<void> =>
      inTransaction(db, async (client) => {
        const inserted = await client.query(
          `INSERT INTO hosting_requests
             (id, workflow_id, status, site_id, telephone_numbers, view, start_input, start_key_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            view.id,
            view.workflowId,
            view.status,
            siteId,
            view.numbers.map((n) => n.telephoneNumber),
            JSON.stringify(view),
            startInput?.sealed ?? null,
            startInput?.keyId ?? null,
            view.createdAt,
          ],
        );
        if (inserted.rowCount === 0) throw new RequestExistsError(`request ${view.id} exists`);
        const numbers = view.numbers.map((n) => n.telephoneNumber);
        const claimed = await claimNumbers(client, numbers, view.id, view.createdAt);
        if (claimed.length < numbers.length) {
          const got = new Set(claimed);
          const missing = numbers.filter((tn) => !got.has(tn));
          const holders = await client.query<{ telephone_number: string; status: string; request_id: string }>(
            'SELECT telephone_number, status, request_id FROM telephone_numbers WHERE telephone_number = ANY($1::text[])',
            [missing],
          );
          throw new NumbersHeldError(
            holders.rows
              .map((r) => ({
                telephoneNumber: r.telephone_number,
                status: r.status,
                requestId: r.request_id,
                index: numbers.indexOf(r.telephone_number),
              }))
              .sort((a, b) => a.index - b.index),
          );
        }
        await insertEvents(client, view.id, view.createdAt, [
          { type: 'request.accepted', data: { status: view.status, telephoneNumbers: numbers.length } },
        ]);
        await within?.(client);
      }),

    /**
     * For a request started without the HTTP API (straight through Temporal): its first step
     * records it. Numbers held elsewhere are not taken over.
     */
    ensure: (view: HostingRequestView, siteId: string): Promise<void> =>
      inTransaction(db, async (client) => {
        const inserted = await client.query(
          `INSERT INTO hosting_requests (id, workflow_id, status, site_id, telephone_numbers, view, workflow_started_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            view.id,
            view.workflowId,
            view.status,
            siteId,
            view.numbers.map((n) => n.telephoneNumber),
            JSON.stringify(view),
            view.createdAt,
          ],
        );
        if (inserted.rowCount === 0) return;
        await claimNumbers(
          client,
          view.numbers.map((n) => n.telephoneNumber),
          view.id,
          view.createdAt,
        );
        await insertEvents(client, view.id, view.createdAt, [
          {
            type: 'request.accepted',
            data: { status: view.status, telephoneNumbers: view.numbers.length, via: 'temporal' },
          },
        ]);
      }),

    /** The workflow runs: the sealed input is no longer needed. */
    markStarted: (id: string): Promise<void> =>
      guardDatabase(async () => {
        await db.query(
          `UPDATE hosting_requests SET workflow_started_at = COALESCE(workflow_started_at, now()), start_input = NULL, start_key_id = NULL
            WHERE id = $1`,
          [id],
        );
      }),

    /** Undo a reservation whose workflow could not be started because Temporal already has that id. */
    release: (id: string): Promise<void> =>
      inTransaction(db, async (client) => {
        await client.query('DELETE FROM request_events WHERE request_id = $1', [id]);
        await client.query('DELETE FROM loa_documents WHERE request_id = $1', [id]);
        await client.query('DELETE FROM telephone_number_history WHERE request_id = $1', [id]);
        await client.query('DELETE FROM telephone_numbers WHERE request_id = $1', [id]);
        await client.query('DELETE FROM hosting_requests WHERE id = $1', [id]);
      }),

    /** Reserved requests whose workflow start was not confirmed, oldest first. */
    unstarted: (olderThanMs: number, limit: number) =>
      guardDatabase(async () => {
        const rows = await db.query<{ id: string; start_input: Buffer | null; start_key_id: string | null }>(
          `SELECT id, start_input, start_key_id FROM hosting_requests
            WHERE workflow_started_at IS NULL AND created_at < now() - make_interval(secs => $1::double precision / 1000)
            ORDER BY created_at LIMIT $2`,
          [olderThanMs, limit],
        );
        return rows.rows.map((r) => ({
          id: r.id,
          startInput: r.start_input && r.start_key_id ? { keyId: r.start_key_id, sealed: r.start_input } : undefined,
        }));
      }),

    get: (id: string): Promise<HostingRequestView | undefined> =>
      guardDatabase(async () => {
        const row = await db.query<{ view: HostingRequestView }>('SELECT view FROM hosting_requests WHERE id = $1', [
          id,
        ]);
        return row.rows[0]?.view;
      }),

    /** Requests not yet ended, for the record keeper's check against Temporal. */
    running: (limit: number, afterId = '') =>
      guardDatabase(async () => {
        const rows = await db.query<{ id: string; workflow_id: string; created_at: Date }>(
          `SELECT id, workflow_id, created_at FROM hosting_requests
            WHERE ended_at IS NULL AND workflow_started_at IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`,
          [afterId, limit],
        );
        return rows.rows.map((r) => ({ id: r.id, workflowId: r.workflow_id, createdAt: r.created_at.toISOString() }));
      }),

    /**
     * Applies `ops` under the row's lock: the view, the registry of its numbers, its orders, and
     * the timeline move together or not at all. Idempotent like the ops themselves.
     */
    apply: (requestId: string, ops: readonly RecordOp[], options: ApplyOptions = {}): Promise<AppliedRecord> =>
      inTransaction(db, async (client) => {
        const row = await client.query<{ view: HostingRequestView }>(
          'SELECT view FROM hosting_requests WHERE id = $1 FOR UPDATE',
          [requestId],
        );
        const before = row.rows[0]?.view;
        if (!before) throw new RecordMissingError(`no record of request ${requestId}`);
        const view = structuredClone(before);
        const now = new Date().toISOString();
        const changed = applyRecordOps(view, ops, now);
        if (changed) {
          const diff = diffViews(before, view);
          await saveView(client, view, before.status);
          await recordOrders(client, requestId, view, ops);
          await recordNumberChanges(client, requestId, now, diff);
          await insertEvents(client, requestId, now, [...eventsOf(diff), ...(options.events ?? [])]);
          return { view, changed, diff };
        }
        await recordOrders(client, requestId, view, ops);
        await insertEvents(client, requestId, now, options.events ?? []);
        return { view, changed };
      }),

    /** A timeline event that changes nothing in the view (a notification Bandwidth sent). */
    addEvent: (requestId: string, event: TimelineEvent): Promise<void> =>
      guardDatabase(async () => {
        await db.query('INSERT INTO request_events (request_id, at, type, data) VALUES ($1, now(), $2, $3)', [
          requestId,
          event.type,
          JSON.stringify(event.data),
        ]);
      }),

    /**
     * Adds an event to the request an order belongs to, in one statement that also says which
     * request and order that is (the webhook's routing); undefined when the order is not recorded.
     */
    addOrderEvent: (orderId: string, event: TimelineEvent) =>
      guardDatabase(async () => {
        const rows = await db.query<{ request_id: string; customer_order_id: string }>(
          `INSERT INTO request_events (request_id, at, type, data)
           SELECT request_id, now(), $2, $3 FROM bandwidth_orders WHERE order_id = $1
           RETURNING request_id, (SELECT customer_order_id FROM bandwidth_orders WHERE order_id = $1) AS customer_order_id`,
          [orderId, event.type, JSON.stringify(event.data)],
        );
        const r = rows.rows[0];
        return r ? { requestId: r.request_id, customerOrderId: r.customer_order_id } : undefined;
      }),

    /** Adds an event when `requestId` names a request (a part's CustomerOrderId does not). */
    addEventIfKnown: (requestId: string, event: TimelineEvent) =>
      guardDatabase(async () => {
        const inserted = await db.query(
          `INSERT INTO request_events (request_id, at, type, data) SELECT id, now(), $2, $3 FROM hosting_requests WHERE id = $1`,
          [requestId, event.type, JSON.stringify(event.data)],
        );
        return (inserted.rowCount ?? 0) > 0;
      }),

    events: (requestId: string) =>
      guardDatabase(async () => {
        const rows = await db.query<{ id: string; at: Date; type: string; data: Record<string, unknown> }>(
          'SELECT id, at, type, data FROM request_events WHERE request_id = $1 ORDER BY id',
          [requestId],
        );
        return rows.rows.map((r) => ({ id: r.id, at: r.at.toISOString(), type: r.type, data: r.data }));
      }),

    /** Which request (and order) a Bandwidth order id belongs to. */
    findOrder: (orderId: string) =>
      guardDatabase(async () => {
        const rows = await db.query<{
          request_id: string;
          order_index: number;
          customer_order_id: string;
          kind: string;
        }>('SELECT request_id, order_index, customer_order_id, kind FROM bandwidth_orders WHERE order_id = $1', [
          orderId,
        ]);
        const r = rows.rows[0];
        return r
          ? { requestId: r.request_id, index: r.order_index, customerOrderId: r.customer_order_id, kind: r.kind }
          : undefined;
      }),

    /** Open requests first (newest first), then ended ones (latest end first). */
    list: (filter: RequestListFilter) =>
      guardDatabase(async () => {
        const params: unknown[] = [];
        const where: string[] = [];
        const param = (value: unknown) => {
          params.push(value);
          return `$${params.length}`;
        };
        if (filter.status) where.push(`status = ${param(filter.status)}`);
        if (filter.telephoneNumber) where.push(`telephone_numbers @> ARRAY[${param(filter.telephoneNumber)}]::text[]`);
        if (filter.after) {
          const open = param(filter.after.open);
          const at = param(filter.after.at);
          const id = param(filter.after.id);
          where.push(
            `((ended_at IS NULL) < ${open} OR ((ended_at IS NULL) = ${open} AND
              (COALESCE(ended_at, created_at), id) < (${at}::timestamptz, ${id})))`,
          );
        }
        const limit = param(filter.limit + 1);
        const rows = await db.query<{
          id: string;
          workflow_id: string;
          status: string;
          order_id: string | null;
          site_id: string;
          numbers: string[];
          created_at: Date;
          ended_at: Date | null;
          cursor_at: string;
        }>(
          `SELECT id, workflow_id, status, view->>'orderId' AS order_id, site_id,
                  telephone_numbers[1:${LISTED_NUMBERS}] AS numbers, created_at, ended_at,
                  COALESCE(ended_at, created_at)::text AS cursor_at
             FROM hosting_requests
            ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY (ended_at IS NULL) DESC, COALESCE(ended_at, created_at) DESC, id DESC
            LIMIT ${limit}`,
          params,
        );
        const page = rows.rows.slice(0, filter.limit);
        const last = page[page.length - 1];
        const requests: RequestSummary[] = page.map((r) => ({
          id: r.id,
          workflowId: r.workflow_id,
          status: r.status,
          orderId: r.order_id,
          siteId: r.site_id,
          telephoneNumbers: r.numbers,
          startedAt: r.created_at.toISOString(),
          closedAt: r.ended_at ? r.ended_at.toISOString() : null,
        }));
        const next: ListCursor | undefined =
          rows.rows.length > filter.limit && last
            ? { open: last.ended_at === null, at: last.cursor_at, id: last.id }
            : undefined;
        return { requests, next };
      }),

    /** Requests showing `attention` right now, by code (for the alerting gauge). */
    attentionCounts: () =>
      guardDatabase(async () => {
        const rows = await db.query<{ code: string; count: string }>(
          `SELECT attention_code AS code, count(*) AS count FROM hosting_requests
            WHERE attention_code IS NOT NULL AND ended_at IS NULL GROUP BY attention_code`,
        );
        return rows.rows.map((r) => ({ code: r.code, count: Number(r.count) }));
      }),
  };
}

export type RequestStore = ReturnType<typeof createRequestStore>;
