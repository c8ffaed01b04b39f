import type { PayloadCodec } from '@temporalio/common';
import express, { type Express } from 'express';
import type { PayloadKeyring } from '../codec/encryption-codec.js';
import { codecRoutes, type CodecSessions } from '../codec/index.js';
import type { Logger } from '../logging/logger.js';
import { createApiMetrics, type ApiMetrics } from '../observability/metrics.js';
import type { Records } from '../records/index.js';
import type { OrderWaitOptions } from '../workflows/types.js';
import { apiDocsPage } from './api-docs-page.js';
import { requireApiKey } from './auth.js';
import { createHostingService } from './hosting-service.js';
import { recordHttpMetrics } from './http-metrics.js';
import { openApiDocument } from './openapi.js';
import { createPageTokens, type PageTokens } from './page-token.js';
import { problem, problemHandler } from './problem.js';
import { hostingRequestRoutes } from './routes/hosting-requests.js';
import { telephoneNumberRoutes } from './routes/telephone-numbers.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { HostingGateway } from './temporal-gateway.js';

export interface AppDependencies {
  gateway: HostingGateway;
  /** hostflow's system of record: every read answers from it. */
  records: Records;
  /** Seals what the API keeps outside Temporal (a request's input until its workflow runs). */
  keyring: PayloadKeyring;
  logger: Logger;
  config: {
    apiKeys: readonly string[];
    webhook: { username: string; password: string } | undefined;
    defaultSiteId?: string;
    defaultSipPeerId?: string;
    orderWait: OrderWaitOptions;
    maxNumbersPerOrder?: number;
  };
  /** Signs list page tokens; shared by every API instance of a deployment. */
  pageTokens?: PageTokens;
  now?: () => Date;
  /** Prometheus metrics; a fresh registry when absent. */
  metrics?: ApiMetrics;
  /** Where the Temporal runtime serves the worker's metrics, appended to /metrics (same process or not). */
  workerMetricsUrl?: string;
  /** The payload codec, served at /codec for the Web UI and operators' CLI (Temporal's codec-server protocol). */
  codec?: { codec: PayloadCodec; corsOrigins: readonly string[]; sessions?: CodecSessions };
}

/** The HTTP API as an Express app; it does not listen (the entrypoint and tests do). */
export function createApp({
  gateway,
  records,
  keyring,
  logger,
  config,
  now,
  pageTokens = createPageTokens(),
  metrics = createApiMetrics(),
  workerMetricsUrl,
  codec,
}: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const service = createHostingService({
    gateway,
    records,
    keyring,
    logger,
    defaultSipPeerId: config.defaultSipPeerId,
    orderWait: config.orderWait,
    maxNumbersPerOrder: config.maxNumbersPerOrder,
    now,
  });

  app.use(recordHttpMetrics(metrics));
  app.get('/metrics', async (_req, res) => {
    let text = await metrics.registry.metrics();
    if (workerMetricsUrl) {
      // The worker's own figures (task slots, latencies, polls) from the Temporal runtime.
      text += await fetch(workerMetricsUrl, { signal: AbortSignal.timeout(2_000) })
        .then((r) => (r.ok ? r.text() : ''))
        .catch(() => '# worker metrics unavailable\n');
    }
    res.type(metrics.registry.contentType).send(text);
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const { temporal, database } = await service.ready();
    const status = temporal && database ? 'ready' : !temporal ? 'temporal unavailable' : 'database unavailable';
    res.status(temporal && database ? 200 : 503).json({
      status,
      checks: { temporal: temporal ? 'up' : 'down', database: database ? 'up' : 'down' },
    });
  });

  const document = openApiDocument();
  const openApi = JSON.stringify(document);
  const docsPage = apiDocsPage(document as Parameters<typeof apiDocsPage>[0]);
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });

  app.use(
    '/v1/hosting-requests',
    requireApiKey(config.apiKeys),
    hostingRequestRoutes({ service, pageTokens, metrics, logger, defaultSiteId: config.defaultSiteId }),
  );
  app.use('/v1/telephone-numbers', requireApiKey(config.apiKeys), telephoneNumberRoutes({ service }));
  if (codec) {
    app.use(
      '/codec',
      codecRoutes({
        codec: codec.codec,
        apiKeys: config.apiKeys,
        corsOrigins: [...codec.corsOrigins],
        sessions: codec.sessions,
      }),
    );
  }
  app.use('/webhooks', webhookRoutes({ service, credentials: config.webhook, logger, metrics }));

  app.use((req, _res, next) => {
    next(problem(404, 'not-found', 'Not found', `No route ${req.method} ${req.path}.`));
  });
  app.use(problemHandler(logger));
  return app;
}
