import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { problemHandler } from '../../api/problem.js';
import { codecRoutes, type CodecRoutesOptions } from '../../codec/index.js';
import { createLogger } from '../../logging/logger.js';

/** The codec routes mounted the way the API mounts them, listening on a free loopback port. */
export async function startCodecServer(options: CodecRoutesOptions): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use('/codec', codecRoutes(options));
  app.use(problemHandler(createLogger({ name: 'codec-test', level: 'silent' })));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
