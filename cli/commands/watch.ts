import type { Command } from 'commander';
import { clientFor, globalOptions } from '../global-options.js';
import type { CliIo } from '../io.js';
import { intervalOption } from '../options.js';
import { endFailure, watchModeFor, watchRequest } from '../watch-request.js';

export function registerWatch(program: Command, io: CliIo): void {
  program
    .command('watch')
    .summary('follow a request until it ends')
    .description(
      "Shows a request's progress until its status is one of the ends. On a terminal the display is\n" +
        'redrawn in place; otherwise one line is printed per change, the last one starting with the end\n' +
        'status. With --json, one JSON view per line (NDJSON) per change.\n' +
        'Exit code: 0 for COMPLETE, PARTIAL and NOTHING_IMPORTABLE (the request ran to its end),\n' +
        '1 for FAILED, 3 for CANCELLED.',
    )
    .argument('<id>', 'the request id (its customerOrderId)')
    .addOption(intervalOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ hostflow watch marktestorders\n  $ hostflow watch marktestorders --json | jq -c .status',
    )
    .action(async (id: string, options: { interval: number }, command: Command) => {
      const view = await watchRequest(clientFor(command), id, io, {
        mode: watchModeFor(io, globalOptions(command).json),
        intervalMs: options.interval,
      });
      const failure = endFailure(view);
      if (failure) throw failure;
    });
}
