import { ConfigError } from '../config/index.js';
import { createLogger, type Logger } from '../logging/logger.js';

/**
 * Runs an entrypoint: configuration problems and startup failures end the process with one clear
 * line each (no stack trace for a user's mistake), exit code 1.
 */
export function runMain(name: string, main: (log: Logger) => Promise<void>): void {
  const log = createLogger({ name: `hostflow-${name}` });
  main(log).catch((error: unknown) => {
    const code = (error as { code?: unknown })?.code;
    if (error instanceof ConfigError) {
      for (const line of error.problems) process.stderr.write(`hostflow: configuration error: ${line}\n`);
    } else if (code === 'DATABASE_CONFIG' || code === 'SCHEMA_TOO_NEW' || code === 'EMBEDDED_POSTGRES') {
      // The database named by DATABASE_URL (or the embedded one) is not usable: one line says why.
      process.stderr.write(`hostflow ${name}: ${(error as Error).message}\n`);
    } else {
      const e = error as Error;
      process.stderr.write(`hostflow ${name}: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}\n`);
      if (process.env.DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    }
    process.exit(1);
  });
}
