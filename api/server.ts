import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createCodecSessions, failureConverterPath } from '../codec/index.js';
import type { Config } from '../config/index.js';
import {
  codecSessionKeyFromConfig,
  keyringFromConfig,
  pageTokenKeyFromConfig,
  payloadCodecFromConfig,
} from '../config/payload-codec.js';
import { clientConnectionOptions } from '../config/temporal-connection.js';
import type { Logger } from '../logging/logger.js';
import type { Records } from '../records/index.js';
import { createApp } from './app.js';
import { createPageTokens } from './page-token.js';
import { createTemporalGateway } from './temporal-gateway.js';

export interface RunningApi {
  url: string;
  server: Server;
  client: Client;
  close(): Promise<void>;
}

/**
 * Builds the API from configuration and listens. The Temporal connection is lazy: the API starts
 * (and says it is not ready) while Temporal is down; reads answer from the record all the same.
 */
export async function startApi(
  config: Config,
  logger: Logger,
  options: { records: Records; workerMetricsUrl?: string },
): Promise<RunningApi> {
  const connection = Connection.lazy(clientConnectionOptions(config.temporal.connection));
  const codec = payloadCodecFromConfig(config);
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: { payloadCodecs: [codec], failureConverterPath },
  });
  const app = createApp({
    workerMetricsUrl: options.workerMetricsUrl,
    codec: {
      codec,
      corsOrigins: config.codecCorsOrigins,
      sessions: createCodecSessions({
        signingKey: codecSessionKeyFromConfig(config),
        apiKeys: config.apiKeys,
        ttlMs: config.codecSessionTtlMs,
      }),
    },
    gateway: createTemporalGateway({ client, taskQueue: config.temporal.taskQueue }),
    records: options.records,
    keyring: keyringFromConfig(config),
    pageTokens: createPageTokens(pageTokenKeyFromConfig(config)),
    logger,
    config: {
      apiKeys: config.apiKeys,
      webhook: config.webhook,
      defaultSiteId: config.bandwidth.defaultSiteId,
      defaultSipPeerId: config.bandwidth.defaultSipPeerId,
      orderWait: config.orderWait,
      maxNumbersPerOrder: config.maxNumbersPerOrder,
    },
  });
  const server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    server,
    client,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connection.close();
    },
  };
}
