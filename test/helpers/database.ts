import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PayloadKeyring } from '../../codec/encryption-codec.js';
import { generatePayloadKey, loadPayloadKeys } from '../../codec/keys.js';
import { createRecords, openDatabase, type Records } from '../../records/index.js';

/** The server the jest global setup prepared: embedded, or `HOSTFLOW_TEST_DATABASE_URL` (CI's Debian PostgreSQL). */
function adminUrl(): string {
  const url = process.env.HOSTFLOW_TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'HOSTFLOW_TEST_DATABASE_URL is not set: run the tests through jest (its global setup starts PostgreSQL)',
    );
  return url;
}

export const TEST_TEMPLATE = 'hostflow_test_template';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database, already migrated (a copy of the template the global setup migrated). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hostflow_t_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEST_TEMPLATE}`));
      break;
    } catch (error) {
      // Two suites copying the template at the same moment: PostgreSQL asks one to wait its turn.
      if (attempt < 20 && /being accessed by other users/.test((error as Error).message)) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        continue;
      }
      throw error;
    }
  }
  const url = withDatabase(adminUrl(), name);
  return {
    url,
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh database and hostflow's records over it. */
export async function createTestRecords(
  keyring: PayloadKeyring,
): Promise<{ records: Records; database: TestDatabase; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const db = await openDatabase(database.url, { max: 5 });
  const records = createRecords(db, keyring);
  return {
    records,
    database,
    close: async () => {
      await db.end();
      await database.drop();
    },
  };
}

/** A payload keyring of a fresh random key, as a deployment would configure one. */
export function testKeyring(): PayloadKeyring {
  return loadPayloadKeys({ value: generatePayloadKey(), dataDir: '/nonexistent', sandbox: false });
}
