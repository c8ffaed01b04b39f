// Plain JavaScript: jest loads global setup with Node's own resolver, so TypeScript comes in through tsx.
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

/**
 * One real Temporal dev server (in memory, headless) and one real PostgreSQL for the whole run.
 * Suites reach them through `TEMPORAL_TEST_ADDRESS` and `HOSTFLOW_TEST_DATABASE_URL`; each test
 * uses its own task queue, workflow ids and database (a copy of a migrated template).
 * `HOSTFLOW_TEST_DATABASE_URL` given from outside (CI's Debian PostgreSQL) is used instead of the
 * embedded server.
 */
export default async function globalSetup() {
  const [{ startDevServer }, { startEmbeddedPostgres }, records] = await Promise.all([
    tsImport('../../scripts/dev-server.ts', import.meta.url),
    tsImport('../../records/embedded-postgres.ts', import.meta.url),
    tsImport('../../records/index.ts', import.meta.url),
  ]);
  const [temporal, database] = await Promise.all([
    process.env.TEMPORAL_TEST_ADDRESS ? undefined : startDevServer({ uiPort: false }),
    (async () => {
      if (process.env.HOSTFLOW_TEST_DATABASE_URL) return undefined;
      // PostgreSQL refuses to run as root; as root it runs as `postgres`, which must reach the folder.
      const dir = await mkdtemp(join(tmpdir(), 'hostflow-test-pg-'));
      await chmod(dir, 0o755);
      return startEmbeddedPostgres({ dir: join(dir, 'cluster') });
    })(),
  ]);
  if (temporal) {
    process.env.TEMPORAL_TEST_ADDRESS = temporal.address;
    globalThis.__hostflowDevServer = temporal;
  }
  if (database) {
    process.env.HOSTFLOW_TEST_DATABASE_URL = database.adminUrl;
    globalThis.__hostflowPostgres = database;
  }
  await prepareTemplate(records, process.env.HOSTFLOW_TEST_DATABASE_URL);
}

/** A migrated database that every test's database is copied from (copying is far quicker than migrating). */
async function prepareTemplate({ openDatabase, migrate }, adminUrl) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('DROP DATABASE IF EXISTS hostflow_test_template WITH (FORCE)');
    await admin.query('CREATE DATABASE hostflow_test_template');
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = '/hostflow_test_template';
  const db = await openDatabase(url.toString());
  try {
    await migrate(db);
  } finally {
    await db.end();
  }
}
