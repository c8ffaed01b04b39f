import type { Command } from 'commander';
import { clientFor, globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';
import { table } from '../render/table.js';

export function registerNumber(program: Command, io: CliIo): void {
  program
    .command('number')
    .summary("one number's life in this deployment")
    .description(
      "Prints a number's status now, the request and Bandwidth order that hold it, and its history across\n" +
        "requests (from hostflow's record, kept for ever). --json prints the API's answer as is.",
    )
    .argument('<tn>', 'the number: 10 digits or +1 E.164')
    .addHelpText('after', '\nExamples:\n  $ hostflow number 3032281000\n  $ hostflow number +13032281000 --json')
    .action(async (tn: string, _options, command: Command) => {
      const record = await clientFor(command).number(tn);
      if (globalOptions(command).json) return printJson(io, record);
      io.out(
        `${record.telephoneNumber} · ${record.status} · request ${record.requestId}${record.orderId ? ` · order ${record.orderId}` : ''}`,
      );
      const rows = record.history.map((h) => [
        h.at,
        h.status,
        h.requestId,
        h.orderId ?? '',
        [h.errorCode, h.errorDescription].filter(Boolean).join(' '),
      ]);
      for (const line of table(['at', 'status', 'request', 'order', 'error'], rows)) io.out(line);
    });
}
