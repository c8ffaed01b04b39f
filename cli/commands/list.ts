import { Option, type Command } from 'commander';
import { TERMINAL_STATUSES, type HostingStatus } from '../../client/index.js';
import { clientFor, globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';
import { wholeNumber } from '../options.js';
import { table } from '../render/table.js';

const STATUSES: readonly HostingStatus[] = [
  'CHECKING',
  'ORDERING',
  'AWAITING_ORDER',
  'UPLOADING_LOA',
  ...TERMINAL_STATUSES,
];
/** The API keeps at most this many numbers of a request searchable. */
const SEARCHABLE_NUMBERS = 150;

interface ListOptions {
  status?: HostingStatus;
  number?: string;
  limit: number;
  pageToken?: string;
}

export function registerList(program: Command, io: CliIo): void {
  program
    .command('list')
    .summary('list requests, newest first')
    .description("Lists hosting requests, newest first, from Temporal's visibility (it may lag a change by a moment).")
    .addOption(new Option('--status <status>', 'only requests with this status').choices(STATUSES))
    .option('--number <telephoneNumber>', 'only requests holding this number (10 digits or +1 E.164)')
    .option('--limit <n>', 'at most this many (1-1000)', wholeNumber(1, 1000), 50)
    .option('--page-token <token>', 'the next page, from an earlier answer')
    .addHelpText(
      'after',
      '\nExamples:\n  $ hostflow list\n  $ hostflow list --status PARTIAL --limit 10\n  $ hostflow list --number 3032281000 --json',
    )
    .action(async (options: ListOptions, command: Command) => {
      const page = await clientFor(command).list({
        status: options.status,
        telephoneNumber: options.number,
        limit: options.limit,
        pageToken: options.pageToken,
      });
      if (globalOptions(command).json) return printJson(io, page);
      if (page.requests.length === 0) {
        io.out('No hosting requests match.');
        return;
      }
      const rows = page.requests.map((r) => [
        r.id,
        r.status,
        r.telephoneNumbers.length >= SEARCHABLE_NUMBERS ? `${SEARCHABLE_NUMBERS}+` : String(r.telephoneNumbers.length),
        r.orderId ?? '-',
        r.startedAt ?? '-',
      ]);
      for (const line of table(['ID', 'STATUS', 'NUMBERS', 'ORDER', 'STARTED'], rows)) io.out(line);
      if (page.nextPageToken) {
        const filters = [
          options.status && `--status ${options.status}`,
          options.number && `--number ${options.number}`,
          `--limit ${options.limit}`,
        ]
          .filter(Boolean)
          .join(' ');
        io.out(`\nMore: hostflow list ${filters} --page-token ${page.nextPageToken}`);
      }
    });
}
