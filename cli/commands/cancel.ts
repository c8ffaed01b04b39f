import type { Command } from 'commander';
import { clientFor, globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';

export function registerCancel(program: Command, io: CliIo): void {
  program
    .command('cancel')
    .summary('cancel a running request')
    .description(
      'Asks a running request to cancel. Before its order exists it stops; after, the numbers it hosted\n' +
        'are un-hosted (Bandwidth cannot cancel an import order). Follow it with `hostflow watch <id>`.',
    )
    .argument('<id>', 'the request id (its customerOrderId)')
    .option('--reason <text>', 'why, kept with the request')
    .addHelpText('after', '\nExamples:\n  $ hostflow cancel marktestorders --reason "customer withdrew"')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const accepted = await clientFor(command).cancel(id, options.reason);
      if (globalOptions(command).json) return printJson(io, accepted);
      io.out(
        `cancellation of ${accepted.id} requested (${accepted.status}); follow it with: hostflow watch ${accepted.id}`,
      );
    });
}
