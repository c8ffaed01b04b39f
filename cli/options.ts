import { InvalidArgumentError, Option } from 'commander';

/** A whole number within bounds, for commander's argument parsing (a bad value is a usage error). */
export function wholeNumber(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return value;
  };
}

export const DEFAULT_INTERVAL_MS = 1_000;

/** How often `watch` and `start --wait` read the request. */
export function intervalOption(): Option {
  return new Option('--interval <ms>', 'time between two reads of the request, in ms')
    .argParser(wholeNumber(100, 600_000))
    .default(DEFAULT_INTERVAL_MS);
}
