import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** Set when the client closed the connection before the answer was written (an aborted call). */
  closedByClient: boolean;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** `'hang'` accepts the request and never answers. */
export type Handler = (request: ReceivedRequest) => Reply | 'hang' | Promise<Reply | 'hang'>;

export interface RecordingServer {
  /** `http://127.0.0.1:{port}` */
  origin: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Answers `METHOD /full/path`; a later registration of the same route replaces the earlier one. */
  on(method: string, path: string, reply: Reply | Handler): void;
  close(): Promise<void>;
}

/** A real HTTP server on port 0 that records what it receives and answers from a route table. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const routes = new Map<string, Handler>();
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://recording.invalid');
      const body = Buffer.concat(chunks);
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        text: body.toString('utf8'),
        closedByClient: false,
      };
      res.on('close', () => {
        if (!res.writableFinished) received.closedByClient = true;
      });
      requests.push(received);
      const handler = routes.get(`${received.method} ${received.path}`);
      const answer =
        handler === undefined
          ? { status: 501, body: `no route for ${received.method} ${received.path}` }
          : handler(received);
      Promise.resolve(answer).then(
        (reply) => {
          if (reply === 'hang') {
            hanging.add(res);
            return;
          }
          res.writeHead(reply.status ?? 200, reply.headers ?? {});
          res.end(reply.body ?? '');
        },
        (error: unknown) => {
          res.writeHead(599);
          res.end(String(error));
        },
      );
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, reply) {
      routes.set(`${method} ${path}`, typeof reply === 'function' ? reply : () => reply);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
