import { Command, Option } from 'commander';
import { registerCancel } from './commands/cancel.js';
import { registerCheck } from './commands/check.js';
import { registerList } from './commands/list.js';
import { registerLoa } from './commands/loa.js';
import { registerNumber } from './commands/number.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerSubscribe } from './commands/subscribe.js';
import { registerWatch } from './commands/watch.js';
import { DEFAULT_URL } from './global-options.js';
import type { CliIo } from './io.js';

const EXAMPLES = `
Examples:
  $ hostflow check 3032281000 +13032280004
  $ hostflow start request.json --loa loa.pdf --wait
  $ hostflow start numbers.csv
  $ hostflow status marktestorders
  $ hostflow watch marktestorders
  $ hostflow list --status PARTIAL
  $ hostflow cancel marktestorders --reason "customer withdrew"
  $ hostflow loa marktestorders signed-loa.pdf
  $ hostflow loa marktestorders --download kept-loa.pdf
  $ hostflow number 3032281000
  $ hostflow subscribe

Environment:
  HOSTFLOW_URL       the HTTP API (default ${DEFAULT_URL})
  HOSTFLOW_API_KEY   its API key, sent as Authorization: Bearer <key>
  DEBUG=1            print the stack of a failure

Exit codes: 0 success; 1 failure (or a watched request ended FAILED); 2 usage error;
3 a watched request ended CANCELLED.`;

/** The `hostflow` command line; commander never exits the process itself (run.ts decides). */
export function createProgram(io: CliIo): Command {
  const program = new Command('hostflow')
    .description("hostflow's command line: start, follow and manage hosting requests through the HTTP API.")
    .addOption(new Option('--url <url>', 'the hostflow HTTP API').env('HOSTFLOW_URL').default(DEFAULT_URL))
    .addOption(
      new Option('--api-key <key>', 'API key (better: HOSTFLOW_API_KEY, kept out of the shell history)').env(
        'HOSTFLOW_API_KEY',
      ),
    )
    .option('--json', 'machine-readable output (JSON)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.write(text),
      writeErr: (text) => io.writeErr(text),
    })
    .showHelpAfterError('(run hostflow --help for usage)')
    .addHelpText('after', EXAMPLES);
  registerCheck(program, io);
  registerStart(program, io);
  registerStatus(program, io);
  registerWatch(program, io);
  registerList(program, io);
  registerCancel(program, io);
  registerLoa(program, io);
  registerNumber(program, io);
  registerSubscribe(program, io);
  return program;
}
