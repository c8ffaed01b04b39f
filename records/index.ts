import type { PayloadKeyring } from '../codec/encryption-codec.js';
import type { Database } from './database.js';
import { createLoaDocuments } from './loa-documents.js';
import { createNumberRegistry } from './number-registry.js';
import { createRequestStore } from './request-store.js';

export {
  createDatabase,
  describeDatabaseUrl,
  DatabaseConfigError,
  DatabaseUnavailableError,
  guardDatabase,
  isDatabaseUnavailable,
  openDatabase,
  type Database,
} from './database.js';
export { NumbersHeldError, RecordMissingError, RequestExistsError } from './errors.js';
export { migrate, loadMigrations, SchemaTooNewError } from './migrate.js';
export type { LoaDocument, LoaDocuments } from './loa-documents.js';
export type { NumberRecord, NumberRegistry } from './number-registry.js';
export type { ListCursor, RequestStore, RequestSummary } from './request-store.js';
export type { TimelineEvent, TimelineEventType } from './timeline.js';

/** What a request's sealed workflow input is bound to (it opens for that request only). */
export const startInputContext = (requestId: string) => `hostflow start ${requestId}`;

/** hostflow's system of record over one database: requests, numbers, LOA documents. */
export interface Records {
  db: Database;
  requests: ReturnType<typeof createRequestStore>;
  numbers: ReturnType<typeof createNumberRegistry>;
  loas: ReturnType<typeof createLoaDocuments>;
  /** The database answers. */
  ready(): Promise<boolean>;
}

export function createRecords(db: Database, keyring: PayloadKeyring): Records {
  const requests = createRequestStore(db);
  return {
    db,
    requests,
    numbers: createNumberRegistry(db, requests),
    loas: createLoaDocuments(db, keyring),
    ready: async () => {
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
  };
}
