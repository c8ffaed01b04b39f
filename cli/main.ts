import { processIo } from './io.js';
import { runCli } from './run.js';

// A reader that stops early (`hostflow list | head`) is no failure: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

/** `hostflow`: runnable as `tsx cli/main.ts`, and through the `cli/hostflow.js` shim as `npx hostflow`. */
process.exitCode = await runCli(process.argv, processIo());
