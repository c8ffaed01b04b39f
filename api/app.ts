import express, { type Express } from 'express';
import type { Logger } from '../logging/logger.js';
import type { LoaStore } from '../storage/loa-store.js';
import type { OrderWaitOptions } from '../workflows/types.js';
import type { PayloadCodec } from '@temporalio/common';
import { codecRoutes, type CodecSessions } from '../codec/index.js';
import { requireApiKey } from './auth.js';
import { openApiDocument } from './openapi.js';
import { apiDocsPage } from './api-docs-page.js';
import { createApiMetrics, type ApiMetrics } from '../observability/metrics.js';
import { recordHttpMetrics } from './http-metrics.js';
import { problem, problemHandler, sendProblem } from './problem.js';
import { hostingRequestRoutes } from './routes/hosting-requests.js';
import { webhookRoutes } from './routes/webhooks.js';
import { TemporalUnavailableError, WorkerUnavailableError, type HostingGateway } from './temporal-gateway.js';

export interface AppDependencies {
  gateway: HostingGateway;
  loaStore: LoaStore;
  logger: Logger;
  config: {
    apiKeys: readonly string[];
    webhook: { username: string; password: string } | undefined;
    defaultSiteId?: string;
    defaultSipPeerId?: string;
    orderWait: OrderWaitOptions;
    maxNumbersPerOrder?: number;
  };
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
  loaStore,
  logger,
  config,
  now,
  metrics = createApiMetrics(),
  workerMetricsUrl,
  codec,
}: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

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
    const ready = await gateway.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'temporal unavailable' });
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
    hostingRequestRoutes({
      gateway,
      loaStore,
      metrics,
      logger,
      defaultSiteId: config.defaultSiteId,
      defaultSipPeerId: config.defaultSipPeerId,
      orderWait: config.orderWait,
      maxNumbersPerOrder: config.maxNumbersPerOrder,
      now,
    }),
  );
  if (codec)
    app.use(
      '/codec',
      codecRoutes({
        codec: codec.codec,
        apiKeys: config.apiKeys,
        corsOrigins: [...codec.corsOrigins],
        sessions: codec.sessions,
      }),
    );
  app.use('/webhooks', webhookRoutes({ gateway, credentials: config.webhook, logger, metrics }));

  app.use((req, _res, next) => {
    next(problem(404, 'not-found', 'Not found', `No route ${req.method} ${req.path}.`));
  });
  app.use(((error, req, res, next) => {
    if (error instanceof WorkerUnavailableError) {
      const cause = error.cause as { name?: string; message?: string } | undefined;
      logger.warn(
        { path: req.path, cause: { name: cause?.name, message: cause?.message } },
        'status query not answered',
      );
      res.set('Retry-After', '10');
      return sendProblem(res, {
        type: 'urn:hostflow:problem:worker-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail:
          'No hostflow worker is answering right now. The request is safe in Temporal and goes on once a worker runs.',
      });
    }
    if (error instanceof TemporalUnavailableError) {
      res.set('Retry-After', '5');
      return sendProblem(res, {
        type: 'urn:hostflow:problem:temporal-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'Temporal is unavailable; try again shortly.',
      });
    }
    next(error);
  }) as express.ErrorRequestHandler);
  app.use(problemHandler(logger));
  return app;
}
