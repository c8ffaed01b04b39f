/**
 * `npm run sandbox`: the Bandwidth sandbox alone, on 127.0.0.1:$SANDBOX_PORT (default 4010).
 * SANDBOX_USERNAME / SANDBOX_PASSWORD: the Basic credentials it accepts (default sandbox/sandbox);
 * SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET: its OAuth2 client (default sandbox/sandbox);
 * SANDBOX_ACCOUNT_ID (default 9900000); SANDBOX_STATE_FILE: keep orders across restarts;
 * SANDBOX_DIALECT: `seed` (default, answers as the seed document's examples), `varied` (as real
 * Bandwidth answers: plural create root, unstable element order, extra elements, …) or `v2` (a
 * Universal Platform account: hosted messaging only under /api/v2, E.164 numbers).
 */
import { DIALECTS, isDialectName, type DialectName } from './dialect.js';
import { errorMessage } from './errors.js';
import { startSandbox } from './start.js';

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function readPort(): number {
  const raw = process.env.SANDBOX_PORT;
  if (raw === undefined || raw.trim() === '') return 4010;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`SANDBOX_PORT must be a port number between 1 and 65535, got "${raw}"`);
  }
  return port;
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function readDialect(): DialectName {
  const raw = env('SANDBOX_DIALECT')?.trim().toLowerCase() ?? 'seed';
  if (!isDialectName(raw))
    fail(`SANDBOX_DIALECT must be one of ${DIALECTS.join(', ')}, got "${process.env.SANDBOX_DIALECT}"`);
  return raw;
}

const port = readPort();
const dialect = readDialect();
const stateFile = env('SANDBOX_STATE_FILE');
let running: Awaited<ReturnType<typeof startSandbox>>;
try {
  running = await startSandbox({
    port,
    host: '127.0.0.1',
    ...(env('SANDBOX_ACCOUNT_ID') ? { accountId: env('SANDBOX_ACCOUNT_ID') } : {}),
    credentials: { username: env('SANDBOX_USERNAME') ?? 'sandbox', password: env('SANDBOX_PASSWORD') ?? 'sandbox' },
    oauthClient: {
      clientId: env('SANDBOX_CLIENT_ID') ?? 'sandbox',
      clientSecret: env('SANDBOX_CLIENT_SECRET') ?? 'sandbox',
    },
    ...(stateFile ? { stateFile } : {}),
    dialect,
    logger: (line) => process.stdout.write(`[sandbox] ${line}\n`),
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') fail(`SANDBOX_PORT ${port} is already in use`);
  fail(`Bandwidth sandbox could not start: ${errorMessage(error)}`);
}

process.stdout.write(
  `Bandwidth sandbox listening on ${running.url} (account ${running.accountId}, API base ${running.apiBaseUrl}, ${dialect} dialect)\n`,
);
if (dialect === 'v2')
  process.stdout.write(
    `[sandbox] v2-only account: point the client at ${running.v2BaseUrl}; the v1 hosted-messaging paths answer 404\n`,
  );

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`[sandbox] ${signal}: stopping\n`);
  running.close().then(
    () => process.exit(0),
    (error: unknown) => fail(`Bandwidth sandbox did not stop cleanly: ${errorMessage(error)}`),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
