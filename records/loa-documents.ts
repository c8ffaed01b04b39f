import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PayloadKeyring } from '../codec/encryption-codec.js';
import { openBytes, sealBytes } from '../codec/sealed-bytes.js';
import { guardDatabase, type Database } from './database.js';

/**
 * LOA files as the business gave them, kept in the record so any API or worker host can read
 * them and hand them back for disputes. The bytes are sealed with the payload key (AES-256-GCM,
 * bound to the document's id); the key id is stored so keys can rotate.
 */

export interface LoaDocumentInput {
  /** The reference the workflow carries; a new one when absent. */
  id?: string;
  requestId: string;
  contentType: string;
  filename: string;
  data: Uint8Array;
}

export interface LoaDocument {
  id: string;
  requestId: string;
  contentType: string;
  filename: string;
  bytes: number;
  createdAt: string;
  data: Buffer;
}

const context = (id: string) => `hostflow loa ${id}`;

export function createLoaDocuments(db: Database, keyring: PayloadKeyring) {
  interface Row {
    id: string;
    request_id: string;
    content_type: string;
    filename: string;
    bytes: number;
    key_id: string;
    sealed: Buffer;
    created_at: Date;
  }
  const toDocument = (row: Row): LoaDocument => ({
    id: row.id,
    requestId: row.request_id,
    contentType: row.content_type,
    filename: row.filename,
    bytes: row.bytes,
    createdAt: row.created_at.toISOString(),
    data: openBytes(keyring, { keyId: row.key_id, sealed: row.sealed }, context(row.id)),
  });
  return {
    /** Stores a document (inside the caller's transaction when one is given); its id is the workflow's reference. */
    async put(input: LoaDocumentInput, client?: pg.PoolClient): Promise<string> {
      const id = input.id ?? randomUUID();
      const { keyId, sealed } = sealBytes(keyring, input.data, context(id));
      const sql = `INSERT INTO loa_documents (id, request_id, content_type, filename, bytes, key_id, sealed, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, now())`;
      const params = [id, input.requestId, input.contentType, input.filename, input.data.length, keyId, sealed];
      await guardDatabase(() => (client ? client.query(sql, params) : db.query(sql, params)));
      return id;
    },

    async get(id: string): Promise<LoaDocument | undefined> {
      if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
      const rows = await guardDatabase(() => db.query<Row>('SELECT * FROM loa_documents WHERE id = $1', [id]));
      return rows.rows[0] ? toDocument(rows.rows[0]) : undefined;
    },

    /** The request's latest LOA: the one given last (at the start or later). */
    async latestFor(requestId: string): Promise<LoaDocument | undefined> {
      const rows = await guardDatabase(() =>
        db.query<Row>('SELECT * FROM loa_documents WHERE request_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1', [
          requestId,
        ]),
      );
      return rows.rows[0] ? toDocument(rows.rows[0]) : undefined;
    },
  };
}

export type LoaDocuments = ReturnType<typeof createLoaDocuments>;
