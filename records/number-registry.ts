import type { NumberStatus } from '../contract/statuses.js';
import { guardDatabase, type Database } from './database.js';
import type { RequestStore } from './request-store.js';

/** One number's life in this deployment: `GET /v1/telephone-numbers/{tn}`. */
export interface NumberRecord {
  telephoneNumber: string;
  status: NumberStatus;
  requestId: string;
  orderId: string | null;
  updatedAt: string;
  history: Array<{
    at: string;
    status: NumberStatus;
    requestId: string;
    orderId: string | null;
    errorCode?: string;
    errorDescription?: string;
  }>;
}

export function createNumberRegistry(db: Database, requests: RequestStore) {
  return {
    async get(telephoneNumber: string): Promise<NumberRecord | undefined> {
      return guardDatabase(async () => {
        const current = await db.query<{
          status: NumberStatus;
          request_id: string;
          order_id: string | null;
          updated_at: Date;
        }>('SELECT status, request_id, order_id, updated_at FROM telephone_numbers WHERE telephone_number = $1', [
          telephoneNumber,
        ]);
        const row = current.rows[0];
        if (!row) return undefined;
        const history = await db.query<{
          at: Date;
          status: NumberStatus;
          request_id: string;
          order_id: string | null;
          error_code: string | null;
          error_description: string | null;
        }>(
          `SELECT at, status, request_id, order_id, error_code, error_description
             FROM telephone_number_history WHERE telephone_number = $1 ORDER BY id`,
          [telephoneNumber],
        );
        return {
          telephoneNumber,
          status: row.status,
          requestId: row.request_id,
          orderId: row.order_id,
          updatedAt: row.updated_at.toISOString(),
          history: history.rows.map((h) => ({
            at: h.at.toISOString(),
            status: h.status,
            requestId: h.request_id,
            orderId: h.order_id,
            ...(h.error_code !== null ? { errorCode: h.error_code } : {}),
            ...(h.error_description !== null ? { errorDescription: h.error_description } : {}),
          })),
        };
      });
    },

    /**
     * Bandwidth's MESSAGING_LOST: hosted numbers ported away by another account become LOST, in
     * the registry and in the request that hosted them. Numbers this deployment does not host are
     * left alone (and reported back as such).
     */
    async markLost(
      telephoneNumbers: string[],
      event: Record<string, unknown>,
    ): Promise<{ lost: string[]; unknown: string[] }> {
      const held = await guardDatabase(() =>
        db.query<{ telephone_number: string; request_id: string }>(
          `SELECT telephone_number, request_id FROM telephone_numbers
            WHERE telephone_number = ANY($1::text[]) AND status = 'HOSTED'`,
          [telephoneNumbers],
        ),
      );
      const byRequest = new Map<string, string[]>();
      for (const row of held.rows)
        byRequest.set(row.request_id, [...(byRequest.get(row.request_id) ?? []), row.telephone_number]);
      for (const [requestId, numbers] of byRequest) {
        await requests.apply(requestId, [{ op: 'lost', telephoneNumbers: numbers }], {
          events: [{ type: 'notification.received', data: { ...event, telephoneNumbers: numbers } }],
        });
      }
      const lost = held.rows.map((r) => r.telephone_number);
      const found = new Set(lost);
      return { lost, unknown: telephoneNumbers.filter((tn) => !found.has(tn)) };
    },
  };
}

export type NumberRegistry = ReturnType<typeof createNumberRegistry>;
