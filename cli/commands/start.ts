import type { Command } from 'commander';
import {
  HostflowApiError,
  loaFromFile,
  type HostingRequestView,
  type StartedHostingRequest,
  type StartHostingRequestBody,
} from '../../client/index.js';
import { CliError, failureLine } from '../errors.js';
import { clientFor, globalOptions } from '../global-options.js';
import { readRequestFile } from '../input/request-file.js';
import { validateRequests } from '../input/validate-requests.js';
import { printJson, type CliIo } from '../io.js';
import { intervalOption } from '../options.js';
import { watchModeFor, watchRequest, worstFailure } from '../watch-request.js';

interface StartOptions {
  loa?: string;
  wait?: boolean;
  interval: number;
}

export function registerStart(program: Command, io: CliIo): void {
  program
    .command('start')
    .summary('start hosting requests from a JSON or CSV file')
    .description(
      'Starts one hosting request per body of a JSON file (one request body as POST /v1/hosting-requests\n' +
        'takes it, or an array of them) or per customerOrderId of a CSV file (one row per number; see\n' +
        'docs/cli.md). Every request is checked before any is sent. Prints the id of each request started.',
    )
    .argument('<file>', 'a .json or .csv file')
    .option(
      '--loa <file>',
      'attach this Letter of Authorization to every request (.pdf, .txt, .jpg, .png, .tif, .csv, .xls(x), .doc(x))',
    )
    .option('--wait', 'then watch each request until it ends (exit code as for watch)')
    .addOption(intervalOption())
    .addHelpText(
      'after',
      '\nCSV columns (header row, any order; siteId, sipPeerId and county may be left out):\n' +
        '  customerOrderId,telephoneNumber,siteId,sipPeerId,subscriberName,houseNumber,streetName,city,stateCode,zip,county,loaAuthorizingPerson\n' +
        '\nExamples:\n' +
        '  $ hostflow start request.json --loa loa.pdf\n' +
        '  $ hostflow start numbers.csv --loa loa.pdf --wait\n' +
        '  $ hostflow start requests.json --json',
    )
    .action(async (file: string, options: StartOptions, command: Command) => {
      const { json } = globalOptions(command);
      const client = clientFor(command);
      const items = await readRequestFile(file);
      if (options.loa) {
        const loa = await loaFromFile(options.loa);
        const data = typeof loa.data === 'string' ? loa.data : Buffer.from(loa.data).toString('base64');
        for (const item of items) item.body.loa = { ...loa, data };
      }
      await validateRequests(items);

      const started: StartedHostingRequest[] = [];
      for (const [index, item] of items.entries()) {
        try {
          started.push(await client.start(item.body as StartHostingRequestBody));
        } catch (error) {
          if (json && started.length > 0) printJson(io, { started });
          const before = started.length > 0 ? `; started before it: ${started.map((s) => s.id).join(', ')}` : '';
          const which = items.length > 1 ? `${item.label} (request ${index + 1} of ${items.length})` : item.label;
          throw new CliError(`${which} not started: ${failureLine(error)}${before}`, { cause: error });
        }
        if (!json) io.out(`started ${started.at(-1)!.id}`);
      }
      if (!options.wait) {
        if (json) printJson(io, { started });
        return;
      }

      const finals: HostingRequestView[] = [];
      for (const request of started) {
        try {
          finals.push(
            await watchRequest(client, request.id, io, {
              mode: json ? 'quiet' : watchModeFor(io, false),
              intervalMs: options.interval,
            }),
          );
        } catch (error) {
          if (json) printJson(io, { started, final: finals });
          throw error instanceof HostflowApiError
            ? new CliError(`watching ${request.id}: ${failureLine(error)}`, { cause: error })
            : error;
        }
      }
      if (json) printJson(io, { started, final: finals });
      const failure = worstFailure(finals);
      if (failure) throw failure;
    });
}
