import { Router } from 'express';
import { requireBandwidthAuth } from '../auth.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../error-codes.js';
import { responseStatusBody } from '../errors.js';
import { sendXml } from '../xml-response.js';
import { checkerRoutes } from './checker.js';
import { importOrderRoutes } from './import-orders.js';
import { loaRoutes } from './loas.js';
import { removalRoutes } from './removals.js';
import { subscriptionRoutes } from './subscriptions.js';

/** Everything under `/accounts/{accountId}`: credentials first, then the account, then the endpoints. */
export function accountRoutes(context: SandboxContext): Router {
  const router = Router({ mergeParams: true });
  router.use(requireBandwidthAuth(context.options.credentials, context.tokens));
  router.use((req, res, next) => {
    const accountId = String((req.params as Record<string, string>).accountId);
    if (accountId === context.options.accountId) return next();
    sendXml(res, 404, responseStatusBody('ErrorResponse', errors.accountNotFound(accountId)));
  });
  router.use(checkerRoutes(context));
  router.use(importOrderRoutes(context));
  router.use(loaRoutes(context));
  router.use(subscriptionRoutes(context));
  router.use(removalRoutes(context));
  router.use((req, res) => {
    sendXml(
      res,
      404,
      responseStatusBody('ErrorResponse', errors.resourceNotFound(`${req.method} ${req.originalUrl.split('?')[0]}`)),
    );
  });
  return router;
}
