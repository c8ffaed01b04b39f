import pg from 'pg';

/**
 * hostflow's PostgreSQL: one pool per process. Every error that means "the database cannot be
 * reached right now" becomes a `DatabaseUnavailableError`, which the API answers with 503 and
 * activities retry; anything else is a bug or a broken schema and surfaces as is.
 */

export type Database = pg.Pool;

export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  readonly code = 'DATABASE_UNAVAILABLE';
}

/** Why `DATABASE_URL` does not lead to a usable database: one line naming the variable. */
export class DatabaseConfigError extends Error {
  override readonly name = 'DatabaseConfigError';
  readonly code = 'DATABASE_CONFIG';
}

/** Network-level codes, and SQLSTATEs for "the server is going away or not accepting connections". */
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const UNAVAILABLE_SQLSTATE_CLASSES = ['08', '57P'];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_NODE_CODES.has(code)) return true;
    if (UNAVAILABLE_SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix))) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
        message,
      )
    ) {
      return true;
    }
  }
  return false;
}

/** Runs `call`, turning "cannot reach the database" into a DatabaseUnavailableError. */
export async function guardDatabase<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError) && isDatabaseUnavailable(error)) {
      throw new DatabaseUnavailableError('the database is unavailable', { cause: error });
    }
    throw error;
  }
}

/** The URL without its password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const database = parsed.pathname.replace(/^\//, '') || '(default)';
    return `${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.hostname}:${parsed.port || '5432'}/${database}`;
  } catch {
    return '(unparseable URL)';
  }
}

export interface OpenDatabaseOptions {
  /** The variable the URL came from, named in errors. */
  variable?: string;
  max?: number;
}

export function createDatabase(url: string, options: OpenDatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A statement that runs this long is stuck, not slow: fail it and let the caller retry.
    query_timeout: 15_000,
    application_name: 'hostflow',
  });
  // A client losing its connection (a database restart) must not crash the process: idle, the pool
  // drops it; checked out, the next query on it fails (and the caller retries). Without a listener
  // of its own, a checked-out client's 'error' between two queries would be an uncaught exception.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Opens the pool and proves it works, or fails with one line naming the variable: unreachable,
 * wrong password, unknown database.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const variable = options.variable ?? 'DATABASE_URL';
  let where: string;
  try {
    const parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error('scheme');
    where = describeDatabaseUrl(url);
  } catch {
    throw new DatabaseConfigError(`${variable} must be a postgres://user:password@host:port/database URL`);
  }
  const pool = createDatabase(url, options);
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    const e = error as { code?: string; message?: string };
    const reason =
      e.code === '28P01' || e.code === '28000'
        ? 'authentication failed (check the user and password)'
        : e.code === '3D000'
          ? 'the database does not exist'
          : isDatabaseUnavailable(error)
            ? `cannot connect (${e.code ?? e.message ?? 'unreachable'})`
            : (e.message ?? 'failed');
    throw new DatabaseConfigError(`${variable}: ${where}: ${reason}`, { cause: error });
  }
}
