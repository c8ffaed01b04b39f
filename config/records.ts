import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../records/embedded-postgres.js';
import { createRecords, migrate, openDatabase, type Records } from '../records/index.js';
import { ConfigError, type Config } from './index.js';
import { keyringFromConfig } from './payload-codec.js';

export interface OpenedRecords {
  records: Records;
  /** postgres://… in use (for child processes of the same stack). */
  url: string;
  /** Whether this process runs the database itself (embedded). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * hostflow's system of record for this process: the database at `DATABASE_URL`, or — only where
 * `embedded` is allowed (`npm start`, `npm run db:migrate`) — a real PostgreSQL run under
 * `DATA_DIR/postgres`. Migrations run before anything else uses it.
 */
export async function openRecordsFromConfig(
  config: Config,
  options: { embedded: boolean; process: string; log?: { info(obj: object, msg: string): void } },
): Promise<OpenedRecords> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    if (!options.embedded) {
      throw new ConfigError([
        `DATABASE_URL must be set for ${options.process} (postgres://user:password@host:port/database); ` +
          '`npm start` runs an embedded PostgreSQL when it is unset',
      ]);
    }
    await mkdir(config.dataDir, { recursive: true });
    const embedded = await startEmbeddedPostgres({
      dir: join(config.dataDir, 'postgres'),
      output: createWriteStream(join(config.dataDir, 'postgres.log'), { flags: 'a' }),
    });
    url = embedded.url;
    stopEmbedded = embedded.stop;
    options.log?.info({ dataDir: embedded.dataDir, port: embedded.port }, 'embedded PostgreSQL running');
  }
  try {
    const db = await openDatabase(url);
    const migrated = await migrate(db);
    if (migrated.applied.length > 0) options.log?.info({ applied: migrated.applied }, 'database migrated');
    const records = createRecords(db, keyringFromConfig(config));
    return {
      records,
      url,
      embedded: Boolean(stopEmbedded),
      close: async () => {
        await db.end();
        await stopEmbedded?.();
      },
    };
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
}
