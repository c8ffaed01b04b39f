import { CommanderError } from 'commander';
import { EXIT, exitCodeOf, failureLine } from './errors.js';
import type { CliIo } from './io.js';
import { createProgram } from './program.js';

/** `DEBUG=1` (or `true`, or a `debug`-style list naming hostflow) adds the stack and causes of a failure. */
function wantsDebug(value: string | undefined): boolean {
  return value === '1' || value === 'true' || /(^|[,\s])hostflow([:,\s*]|$)/.test(value ?? '');
}

/** Runs one command line and returns the exit code. Failures are one `hostflow: …` line on stderr. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (or the help) already.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    io.err(`hostflow: ${failureLine(error)}`);
    if (wantsDebug(io.env.DEBUG)) {
      for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
        io.err(e instanceof Error ? (e.stack ?? String(e)) : String(e));
    }
    return exitCodeOf(error);
  }
}
