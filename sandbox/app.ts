import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { V1, V2 } from './api-generation.js';
import type { SandboxContext } from './context.js';
import { errors, RESOURCE_DOES_NOT_EXIST } from './error-codes.js';
import { errorMessage, SandboxHttpError, responseStatusBody } from './errors.js';
import { accountRoutes } from './routes/account.js';
import { inspectionRoutes } from './routes/inspection.js';
import { oauthRoutes } from './routes/oauth.js';
import { el } from './xml-build.js';
import { sendXml, type XmlResponseLocals } from './xml-response.js';

/** The v1 bases Bandwidth has used: dashboard.bandwidth.com/api, api.bandwidth.com/api/v1, the old SDKs' /v1.0. */
export const V1_ACCOUNT_BASES = ['/api/accounts', '/api/v1/accounts', '/v1.0/accounts'] as const;
/** The Universal Platform: api.bandwidth.com/api/v2. */
export const V2_ACCOUNT_BASE = '/api/v2/accounts';

/**
 * The sandbox's HTTP surface. The v1 account API answers under every v1 base, the v2 one under
 * `/api/v2`. A `v2` dialect account has no hosted messaging on the v1 bases.
 */
export function createSandboxApp(context: SandboxContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/_sandbox', inspectionRoutes(context));
  // Only the imitated API is logged: the test surface's own calls would drown it.
  app.use(['/api', '/v1.0'], context.requests.middleware());
  app.use((_req: Request, res: Response, next: NextFunction) => {
    (res.locals as XmlResponseLocals).xmlEncoding = context.faults.xmlEncoding() ?? context.options.xmlEncoding;
    next();
  });
  app.use('/api/v1', oauthRoutes(context));
  const v1 = accountRoutes(context, V1, !context.dialect.v2Only);
  for (const base of V1_ACCOUNT_BASES) app.use(`${base}/:accountId`, v1);
  app.use(`${V2_ACCOUNT_BASE}/:accountId`, accountRoutes(context, V2, true));
  app.use((_req: Request, res: Response) => {
    sendXml(res, 404, el('ErrorResponse', el('ResponseStatus', el('Description', RESOURCE_DOES_NOT_EXIST))));
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
    sendXml(res, 500, responseStatusBody('ErrorResponse', errors.internalError()));
  });
  return app;
}
