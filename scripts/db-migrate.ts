import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeDatabaseUrl, migrate, openDatabase } from '../records/index.js';
import { startEmbeddedPostgres } from '../records/embedded-postgres.js';
import { runMain } from './run-main.js';

/**
 * `npm run db:migrate`: applies hostflow's schema migrations to `DATABASE_URL` (or to the
 * embedded PostgreSQL under `DATA_DIR` when it is unset) and says what it did. The API and the
 * worker also migrate at startup; this is for deployments that migrate as a step of their own.
 */
runMain('db:migrate', async (log) => {
  const given = process.env.DATABASE_URL?.trim();
  let stop: (() => Promise<void>) | undefined;
  let url = given;
  if (!url) {
    const dataDir = resolve(process.env.DATA_DIR?.trim() || '.data');
    await mkdir(dataDir, { recursive: true });
    const embedded = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres') });
    stop = embedded.stop;
    url = embedded.url;
  }
  try {
    const db = await openDatabase(url);
    try {
      const result = await migrate(db);
      const where = given ? describeDatabaseUrl(given) : 'the embedded PostgreSQL under DATA_DIR';
      log.info({ version: result.version, applied: result.applied }, 'migrations applied');
      process.stdout.write(
        result.applied.length > 0
          ? `applied ${result.applied.join(', ')} to ${where}; schema version ${result.version}\n`
          : `${where} is up to date (schema version ${result.version})\n`,
      );
    } finally {
      await db.end();
    }
  } finally {
    await stop?.();
  }
});
