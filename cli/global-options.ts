import type { Command } from 'commander';
import { createHostflowClient, HostflowApiError, type HostflowClient } from '../client/index.js';
import { CliError } from './errors.js';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export interface GlobalOptions {
  url: string;
  apiKey?: string;
  json?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function clientFor(command: Command): HostflowClient {
  const { url, apiKey } = globalOptions(command);
  try {
    return createHostflowClient({ baseUrl: url, apiKey: apiKey || undefined });
  } catch (error) {
    if (error instanceof HostflowApiError && error.code === 'HOSTFLOW_INVALID_OPTIONS') {
      throw new CliError('--url (or HOSTFLOW_URL) must be an http(s) URL such as http://127.0.0.1:3000', {
        cause: error,
      });
    }
    throw error;
  }
}
