import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../sandbox/index.js';
import { orderRequest, subscriptionRequest } from './seed-examples.js';

/** Elements that may repeat: always lists, so one and many read alike. */
const LISTS = new Set([
  'TelephoneNumber',
  'Errors',
  'Error',
  'ImportTnError',
  'ImportTnOrderSummary',
  'RemoveImportedTnOrderSummary',
  'OrderHistory',
  'Subscription',
  'fileData',
  'fileNames',
]);
const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  isArray: (name) => LISTS.has(name),
});

// Parsed XML is walked by element names the tests spell out.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Xml = any;

export function parseXml(text: string): Xml {
  return parser.parse(text);
}

export const SANDBOX_AUTH = `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}`;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  xml: Xml;
}

/** A Bandwidth API client as thin as can be: real HTTP, the sandbox's default credentials. */
export class BandwidthCaller {
  constructor(readonly running: RunningSandbox) {}

  account(path: string): string {
    return `${this.running.apiBaseUrl}/accounts/${this.running.accountId}/${path}`;
  }

  async call(
    method: string,
    path: string,
    options: { body?: string | Buffer; contentType?: string; authorization?: string | null } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    const authorization = options.authorization === undefined ? SANDBOX_AUTH : options.authorization;
    if (authorization !== null) headers.Authorization = authorization;
    if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/xml; charset=utf-8';
    const url = path.startsWith('http') ? path : this.account(path);
    const response = await fetch(url, {
      method,
      headers,
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    const text = await response.text();
    let xml: Xml;
    try {
      xml = text && (response.headers.get('content-type') ?? '').includes('xml') ? parseXml(text) : undefined;
    } catch {
      xml = undefined;
    }
    return { status: response.status, headers: response.headers, text, xml };
  }

  post(
    path: string,
    body: string,
    options: { contentType?: string; authorization?: string | null } = {},
  ): Promise<Answer> {
    return this.call('POST', path, { ...options, body });
  }

  get(path: string, options: { authorization?: string | null } = {}): Promise<Answer> {
    return this.call('GET', path, options);
  }

  /** `customerOrderId`: undefined for the seed's, null for none. */
  async createOrder(numbers: string[], customerOrderId?: string | null): Promise<string> {
    const answer = await this.post('importTnOrders', orderRequest(numbers, customerOrderId));
    if (answer.status !== 201) throw new Error(`order not created: ${answer.status} ${answer.text}`);
    return answer.xml.ImportTnOrderResponse.ImportTnOrder.OrderId;
  }

  /** `ordersPath`: `importTnOrders` on v1, `importTnOrders/messaging` on v2. */
  async orderStatus(orderId: string, ordersPath = 'importTnOrders'): Promise<string> {
    return (await this.get(`${ordersPath}/${orderId}`)).xml.ImportTnOrder.ProcessingStatus;
  }

  async subscribe(
    url: string,
    credentials?: { username: string; password: string },
    orderType?: string,
  ): Promise<string> {
    const answer = await this.post('subscriptions', subscriptionRequest(url, credentials, orderType));
    if (answer.status !== 201) throw new Error(`subscription not created: ${answer.status} ${answer.text}`);
    return answer.headers.get('location')!.split('/').pop()!;
  }

  async inspect<T = Xml>(path: string): Promise<T> {
    return (await fetch(`${this.running.url}/_sandbox/${path}`)).json() as Promise<T>;
  }
}

/** Waits until `probe` gives a value that is not undefined/false, or fails at the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    last = value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls an order until it ends, recording each status seen on the way. */
export async function statusesUntilEnd(
  caller: BandwidthCaller,
  orderId: string,
  ordersPath = 'importTnOrders',
): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(async () => {
    const status = await caller.orderStatus(orderId, ordersPath);
    if (seen[seen.length - 1] !== status) seen.push(status);
    return ['COMPLETE', 'PARTIAL', 'FAILED'].includes(status);
  }, `order ${orderId} to end`);
  return seen;
}

export interface ReceivedCallback {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
  notification: Xml;
}

/** What a callback receiver answers to one request. */
export type CallbackBehaviour = (authorization: string | undefined) => {
  status: number;
  headers?: Record<string, string>;
};

export const behaviours = {
  accept: (): CallbackBehaviour => () => ({ status: 200 }),
  /** Like hostflow's webhook: challenges requests without (valid) credentials, accepts valid ones. */
  challengeThenAccept:
    (credentials: { username: string; password: string }): CallbackBehaviour =>
    (authorization) =>
      authorization === `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
        ? { status: 200 }
        : { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="hostflow"' } },
  /** 401 without a challenge: Bandwidth has no reason to try again. */
  unauthorizedWithoutChallenge: (): CallbackBehaviour => () => ({ status: 401 }),
  failing:
    (status = 500): CallbackBehaviour =>
    () => ({ status }),
};

export interface CallbackServer {
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
}

/** A real HTTP server that plays the subscriber's callback endpoint and records what came. */
export async function startCallbackServer(behaviour: CallbackBehaviour): Promise<CallbackServer> {
  const received: ReceivedCallback[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
        notification: parseXml(body).Notification,
      });
      const answer = behaviour(req.headers.authorization);
      res.writeHead(answer.status, answer.headers ?? {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/bandwidth/orders`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a sandbox on a free port with quick order steps; `stop()` closes everything started. */
export function sandboxFixture(defaults: StartSandboxOptions = {}) {
  const started: Array<{ close(): Promise<void> }> = [];
  return {
    async start(options: StartSandboxOptions = {}): Promise<BandwidthCaller> {
      const running = await startSandbox({ stepDelayMs: 20, ...defaults, ...options });
      started.push(running);
      return new BandwidthCaller(running);
    },
    async callbackServer(behaviour: CallbackBehaviour): Promise<CallbackServer> {
      const server = await startCallbackServer(behaviour);
      started.push(server);
      return server;
    },
    async stop(): Promise<void> {
      // Newest first: callback servers close before the sandboxes, so no sandbox waits on a callback.
      const all = started.splice(0).reverse();
      for (const item of all) await item.close();
    },
  };
}
