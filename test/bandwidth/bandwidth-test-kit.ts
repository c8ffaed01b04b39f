import { readFileSync } from 'node:fs';
import { basicAuth, createBandwidthClient, type AuthProvider, type BandwidthClient } from '../../bandwidth/index.js';
import { startRecordingServer, type Handler, type RecordingServer, type Reply } from './recording-server.js';

export const ACCOUNT_ID = '9900012';
export const API_USER = { username: 'hostflow-api-user', password: 'pa55-w0rd-never-logged' };
export const BASIC_HEADER = `Basic ${Buffer.from(`${API_USER.username}:${API_USER.password}`).toString('base64')}`;
export const XML_HEADERS = { 'content-type': 'application/xml; charset=utf-8' };

/** A fixture file's exact text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export interface FakeBandwidth extends RecordingServer {
  /** `{origin}/api`, as the client's baseUrl. */
  baseUrl: string;
  /** Answers `METHOD /path` below `/api/accounts/{ACCOUNT_ID}`. */
  onAccount(method: string, path: string, reply: Reply | Handler): void;
  /** The path of a request below the account, e.g. `/importTnOrders`. */
  accountPath(path: string): string;
  client(options?: { auth?: AuthProvider; timeoutMs?: number; maxResponseBytes?: number }): BandwidthClient;
}

export async function startFakeBandwidth(): Promise<FakeBandwidth> {
  const server = await startRecordingServer();
  const baseUrl = `${server.origin}/api`;
  const accountPath = (path: string) => `/api/accounts/${ACCOUNT_ID}${path}`;
  return Object.assign(server, {
    baseUrl,
    accountPath,
    onAccount(method: string, path: string, reply: Reply | Handler) {
      server.on(method, accountPath(path), reply);
    },
    client(options: { auth?: AuthProvider; timeoutMs?: number; maxResponseBytes?: number } = {}) {
      return createBandwidthClient({
        baseUrl,
        accountId: ACCOUNT_ID,
        auth: options.auth ?? basicAuth(API_USER),
        timeoutMs: options.timeoutMs ?? 5_000,
        ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
      });
    },
  });
}

/** The rejection of a promise that must fail, for asserting on the error itself. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, but it succeeded');
}
