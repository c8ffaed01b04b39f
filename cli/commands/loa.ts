import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loaFromFile } from '../../client/index.js';
import { CliError, EXIT } from '../errors.js';
import { clientFor, globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';

export function registerLoa(program: Command, io: CliIo): void {
  program
    .command('loa')
    .summary("give a running request its Letter of Authorization, or get a request's LOA back")
    .description(
      'With a file: sends it as the LOA of a request that started without one (or whose upload failed); it is\n' +
        'uploaded to Bandwidth once the order is complete. With --download: writes the LOA hostflow keeps for\n' +
        'the request (the file as it was given) to that path.',
    )
    .argument('<id>', 'the request id (its customerOrderId)')
    .argument(
      '[file]',
      'the LOA to give (.pdf, .txt, .jpg, .png, .tif, .csv, .xls(x), .doc(x)); the content type follows the extension',
    )
    .option('--download <path>', "write the request's LOA to this file instead")
    .addHelpText(
      'after',
      '\nExamples:\n  $ hostflow loa marktestorders signed-loa.pdf\n  $ hostflow loa marktestorders --download kept-loa.pdf',
    )
    .action(async (id: string, file: string | undefined, options: { download?: string }, command: Command) => {
      const client = clientFor(command);
      if (options.download) {
        if (file)
          throw new CliError('give either a file to send or --download <path>, not both', {
            code: 'HOSTFLOW_USAGE',
            exitCode: EXIT.USAGE,
          });
        const loa = await client.loa(id);
        // The file is a customer's signed letter: readable by its owner only.
        await writeFile(options.download, loa.data, { mode: 0o600 });
        if (globalOptions(command).json) {
          return printJson(io, {
            id,
            path: options.download,
            filename: loa.filename,
            contentType: loa.contentType,
            bytes: loa.data.length,
          });
        }
        return io.out(
          `LOA ${loa.filename} of ${id} (${loa.contentType}, ${loa.data.length} bytes) written to ${options.download}`,
        );
      }
      if (!file)
        throw new CliError('give the LOA file to send, or --download <path> to get it back', {
          code: 'HOSTFLOW_USAGE',
          exitCode: EXIT.USAGE,
        });
      const loa = await loaFromFile(file);
      const accepted = await client.provideLoa(id, loa);
      if (globalOptions(command).json) return printJson(io, accepted);
      io.out(`LOA ${loa.filename} given to ${accepted.id} (LOA ${accepted.loa.status})`);
    });
}
