import { readFileSync } from 'node:fs';
import { basicAuth, createBandwidthClient, type AuthProvider, type BandwidthClient } from '../../bandwidth/index.js';
import { startRecordingServer, type Handler, type RecordingServer, type Reply } from './recording-server.js';

export const ACCOUNT_ID = '9900012';
export const API_USER = { username: 'hostflow-api-user', password: 'pa55-w0rd-never-logged' };
export const BASIC_HEADER = `Basic ${Buffer.from(`${API_USER.username}:${API_USER.password}`).toString('base64')}`;
export const XML_HEADERS = { 'content-type': 'application/xml; charset=utf-8' };

/**
 * A fixture file's text, without the whole-line XML comments that cite where its shape comes from
 * (so request fixtures compare exactly with what the client sends).
 */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').replace(/^<!--[\s\S]*?-->\n/gm, '');
}

/** A fixture file's exact bytes (for documents in another encoding than UTF-8). */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

export interface FakeBandwidth extends RecordingServer {
  /** `{origin}{basePath}` (default `/api`), as the client's baseUrl. */
  baseUrl: string;
  /** Answers `METHOD /path` below `{basePath}/accounts/{ACCOUNT_ID}`. */
  onAccount(method: string, path: string, reply: Reply | Handler): void;
  /** The path of a request below the account, e.g. `/importTnOrders`. */
  accountPath(path: string): string;
  client(options?: {
    auth?: AuthProvider;
    timeoutMs?: number;
    maxResponseBytes?: number;
    maxRedirects?: number;
  }): BandwidthClient;
}

/**
 * A recording server standing in for Bandwidth. `basePath` picks the API generation the client
 * sees: `/api` (v1, the default), `/api/v1`, `/v1.0` or `/api/v2` (the v2 Universal Platform).
 */
export async function startFakeBandwidth(options: { basePath?: string } = {}): Promise<FakeBandwidth> {
  const server = await startRecordingServer();
  const basePath = options.basePath ?? '/api';
  const baseUrl = `${server.origin}${basePath}`;
  const accountPath = (path: string) => `${basePath}/accounts/${ACCOUNT_ID}${path}`;
  return Object.assign(server, {
    baseUrl,
    accountPath,
    onAccount(method: string, path: string, reply: Reply | Handler) {
      server.on(method, accountPath(path), reply);
    },
    client(
      clientOptions: { auth?: AuthProvider; timeoutMs?: number; maxResponseBytes?: number; maxRedirects?: number } = {},
    ) {
      return createBandwidthClient({
        baseUrl,
        accountId: ACCOUNT_ID,
        auth: clientOptions.auth ?? basicAuth(API_USER),
        timeoutMs: clientOptions.timeoutMs ?? 5_000,
        ...(clientOptions.maxResponseBytes === undefined ? {} : { maxResponseBytes: clientOptions.maxResponseBytes }),
        ...(clientOptions.maxRedirects === undefined ? {} : { maxRedirects: clientOptions.maxRedirects }),
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
