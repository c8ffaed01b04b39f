import type { Command } from 'commander';
import { loaFromFile } from '../../client/index.js';
import { clientFor, globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';

export function registerLoa(program: Command, io: CliIo): void {
  program
    .command('loa')
    .summary('give a running request its Letter of Authorization')
    .description(
      'Sends an LOA to a request that started without one (or whose upload failed); it is uploaded to Bandwidth once the order is complete.',
    )
    .argument('<id>', 'the request id (its customerOrderId)')
    .argument(
      '<file>',
      'the LOA (.pdf, .txt, .jpg, .png, .tif, .csv, .xls(x), .doc(x)); the content type follows the extension',
    )
    .addHelpText('after', '\nExamples:\n  $ hostflow loa marktestorders signed-loa.pdf')
    .action(async (id: string, file: string, _options, command: Command) => {
      const loa = await loaFromFile(file);
      const accepted = await clientFor(command).provideLoa(id, loa);
      if (globalOptions(command).json) return printJson(io, accepted);
      io.out(`LOA ${loa.filename} given to ${accepted.id} (LOA ${accepted.loa.status})`);
    });
}
