import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

/**
 * Versioned plain-SQL migrations (`records/migrations/NNNN_name.sql`), each applied once in its
 * own transaction. A session-level advisory lock serialises them, so several processes starting
 * together (two APIs, two workers) apply each exactly once and the others wait, then see it done.
 */

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** An arbitrary constant shared by every hostflow process: "hostflow migrations". */
const LOCK_KEY = 7_310_417_102;

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  readonly code = 'SCHEMA_TOO_NEW';
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: await readFile(join(dir, file), 'utf8'),
    })),
  );
}

export interface MigrationResult {
  /** The schema version after the run. */
  version: number;
  applied: string[];
}

export async function migrate(db: Database, migrations?: Migration[]): Promise<MigrationResult> {
  const known = migrations ?? (await loadMigrations());
  const latestKnown = known.reduce((max, m) => Math.max(max, m.version), 0);
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const rows = (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows;
      const applied = new Set(rows.map((r) => r.version));
      const newest = Math.max(0, ...applied);
      if (newest > latestKnown) {
        throw new SchemaTooNewError(
          `the database schema is at version ${newest}, newer than this hostflow knows (${latestKnown}): ` +
            'a newer hostflow migrated it; run that version (or restore the database)',
        );
      }
      const done: string[] = [];
      for (const migration of known) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        done.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
      }
      return { version: Math.max(newest, latestKnown), applied: done };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
