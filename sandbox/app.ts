import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { SandboxContext } from './context.js';
import { errors } from './error-codes.js';
import { errorMessage, SandboxHttpError, responseStatusBody } from './errors.js';
import { accountRoutes } from './routes/account.js';
import { inspectionRoutes } from './routes/inspection.js';
import { oauthRoutes } from './routes/oauth.js';
import { sendXml } from './xml-response.js';

/**
 * The sandbox's HTTP surface. The account API answers under both bases Bandwidth uses:
 * `/api/accounts/{id}` (dashboard.bandwidth.com) and `/api/v1/accounts/{id}` (api.bandwidth.com).
 */
export function createSandboxApp(context: SandboxContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/_sandbox', inspectionRoutes(context));
  // Only the imitated API is logged: the test surface's own calls would drown it.
  app.use('/api', context.requests.middleware());
  app.use('/api/v1', oauthRoutes(context));
  const accounts = accountRoutes(context);
  app.use('/api/accounts/:accountId', accounts);
  app.use('/api/v1/accounts/:accountId', accounts);
  app.use((req: Request, res: Response) => {
    sendXml(res, 404, responseStatusBody('ErrorResponse', errors.resourceNotFound(`${req.method} ${req.path}`)));
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof SandboxHttpError) {
      if (error.body) sendXml(res, error.status, error.body);
      else res.status(error.status).end();
      return;
    }
    context.options.logger(
      `unexpected error on ${req.method} ${req.path}: ${(error as { stack?: string } | undefined)?.stack ?? errorMessage(error)}`,
    );
    sendXml(res, 500, responseStatusBody('ErrorResponse', errors.internalError(500)));
  });
  return app;
}
