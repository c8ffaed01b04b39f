import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox } from './sandbox.js';
import type { SandboxOptions } from './options.js';

export interface StartSandboxOptions extends SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /**
   * What a client uses as its Bandwidth base URL (paths `{base}/accounts/{id}/…`): `url + '/api'`,
   * or `url + '/api/v2'` for a `v2` dialect sandbox (a Universal Platform account).
   */
  apiBaseUrl: string;
  /** The v1 base (`url + '/api'`); `/api/v1` and `/v1.0` answer the same. */
  v1BaseUrl: string;
  /** The v2 base (`url + '/api/v2'`): hosted messaging under `/importTnOrders/messaging`, E.164 numbers. */
  v2BaseUrl: string;
  /** The OAuth2 token endpoint. */
  tokenUrl: string;
  accountId: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Creates a sandbox and serves it over HTTP. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const sandbox = createSandbox({ ...options, host });
  const server: Server = createServer(sandbox.app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    apiBaseUrl: sandbox.dialect === 'v2' ? `${url}/api/v2` : `${url}/api`,
    v1BaseUrl: `${url}/api`,
    v2BaseUrl: `${url}/api/v2`,
    tokenUrl: `${url}/api/v1/oauth2/token`,
    accountId: sandbox.accountId,
    sandbox,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await sandbox.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}
