import type { Command } from 'commander';
import { clientFor, globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';
import { statusBlock } from '../render/view-summary.js';

export function registerStatus(program: Command, io: CliIo): void {
  program
    .command('status')
    .summary('where a request stands')
    .description(
      "Prints a request's status, its order, its numbers per status and its LOA. --json prints the API's view as is.",
    )
    .argument('<id>', 'the request id (its customerOrderId)')
    .addHelpText('after', '\nExamples:\n  $ hostflow status marktestorders\n  $ hostflow status marktestorders --json')
    .action(async (id: string, _options, command: Command) => {
      const view = await clientFor(command).get(id);
      if (globalOptions(command).json) return printJson(io, view);
      for (const line of statusBlock(view)) io.out(line);
    });
}
