import type { Command } from 'commander';
import { normaliseTelephoneNumber } from '../../api/telephone-numbers.js';
import { CliError } from '../errors.js';
import { globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';
import { table } from '../render/table.js';

export interface NumberCheck {
  input: string;
  valid: boolean;
  /** The 10 digits hostflow stores and sends, when valid. */
  telephoneNumber?: string;
  /** The earlier input this one repeats once normalised (a request refuses duplicates). */
  duplicateOf?: string;
}

export function checkNumbers(inputs: readonly string[]): NumberCheck[] {
  const seen = new Map<string, string>();
  return inputs.map((input) => {
    const telephoneNumber = normaliseTelephoneNumber(input);
    if (!telephoneNumber) return { input, valid: false };
    const duplicateOf = seen.get(telephoneNumber);
    if (duplicateOf === undefined) seen.set(telephoneNumber, input);
    return { input, valid: true, telephoneNumber, ...(duplicateOf !== undefined ? { duplicateOf } : {}) };
  });
}

export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .summary('check telephone numbers locally: valid 10-digit NANP (or +1 E.164)?')
    .description(
      'Checks and normalises telephone numbers locally, without calling the API or Bandwidth.\n' +
        'This is a format check only: whether Bandwidth can host a number is decided when a request runs\n' +
        '(its importability check). Exits 1 when any number is not a valid NANP number.',
    )
    .argument('<numbers...>', '10-digit NANP numbers or +1 E.164 numbers')
    .addHelpText(
      'after',
      '\nExamples:\n  $ hostflow check 3032281000 +13032280004 12345\n  $ hostflow check --json 3032281000',
    )
    .action((numbers: string[], _options, command: Command) => {
      const results = checkNumbers(numbers);
      const invalid = results.filter((r) => !r.valid).length;
      if (globalOptions(command).json) {
        printJson(io, { localFormatCheckOnly: true, valid: results.length - invalid, invalid, numbers: results });
      } else {
        const rows = results.map((r) => [
          r.input,
          r.valid ? 'valid' : 'invalid',
          r.valid
            ? `${r.telephoneNumber}${r.duplicateOf !== undefined ? `  (repeats ${r.duplicateOf}; a request refuses duplicates)` : ''}`
            : 'not a 10-digit NANP number or +1 E.164 number',
        ]);
        for (const line of table(['NUMBER', 'FORMAT', 'NORMALISED'], rows)) io.out(line);
        io.out('');
        io.out(
          `${results.length - invalid} of ${results.length} valid. Local format check only: Bandwidth decides importability when a request runs.`,
        );
      }
      if (invalid > 0) {
        throw new CliError(
          `${invalid} of ${results.length} numbers ${invalid === 1 ? 'is not a valid NANP number' : 'are not valid NANP numbers'}`,
          { code: 'HOSTFLOW_INVALID_NUMBERS' },
        );
      }
    });
}
