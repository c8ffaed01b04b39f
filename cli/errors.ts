import { HostflowApiError } from '../client/index.js';

/** Exit codes, documented in docs/cli.md. */
export const EXIT = {
  OK: 0,
  /** Any failure; also a watched request that ended FAILED. */
  FAILURE: 1,
  /** Unknown command or option, missing argument (commander's usage errors). */
  USAGE: 2,
  /** A watched request that ended CANCELLED. */
  CANCELLED: 3,
} as const;

export interface CliErrorOptions {
  /** Default 1. */
  exitCode?: number;
  /** Default `HOSTFLOW_CLI_FAILED`. */
  code?: string;
  cause?: unknown;
}

/** A failure the CLI reports as one line and an exit code. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly code: string;
  readonly exitCode: number;
  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'HOSTFLOW_CLI_FAILED';
    this.exitCode = options.exitCode ?? EXIT.FAILURE;
  }
}

/** A request or CSV/JSON file the CLI refuses before anything is sent. */
export class InputError extends CliError {
  override readonly name = 'InputError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'HOSTFLOW_INPUT_INVALID', cause: options.cause });
  }
}

/** What a user can do about an API failure, appended to its message. */
function hintFor(error: HostflowApiError): string {
  if (error.code === 'HOSTFLOW_UNREACHABLE') return ' — is the API running? Set HOSTFLOW_URL or --url';
  if (error.status === 401) return ' — set HOSTFLOW_API_KEY or --api-key';
  return '';
}

/** The one stderr line of a failure (without the `hostflow: ` prefix). */
export function failureLine(error: unknown): string {
  const base =
    error instanceof HostflowApiError
      ? `${error.message}${hintFor(error)}`
      : error instanceof Error
        ? error.message
        : String(error);
  return base.replace(/\s*\n\s*/g, '; ').trim() || 'failed';
}

export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : EXIT.FAILURE;
}
