import { Router } from 'express';
import type { ApiGeneration } from '../api-generation.js';
import { requireBandwidthAuth } from '../auth.js';
import type { SandboxContext } from '../context.js';
import { errors, RESOURCE_DOES_NOT_EXIST } from '../error-codes.js';
import { responseStatusBody } from '../errors.js';
import { el } from '../xml-build.js';
import { sendXml } from '../xml-response.js';
import { checkerRoutes } from './checker.js';
import { importOrderRoutes } from './import-orders.js';
import { inServiceRoutes } from './in-service.js';
import { loaRoutes } from './loas.js';
import { removalRoutes } from './removals.js';
import { subscriptionRoutes } from './subscriptions.js';
import { tnOptionRoutes } from './tn-options.js';

/**
 * Everything under `/accounts/{accountId}` of one API generation: credentials first, then the
 * account, then the endpoints. `hostedMessaging: false` leaves out import orders, their LOAs and
 * removals — a v2-only account's v1 bases, where a client on the wrong generation must fail loudly.
 */
export function accountRoutes(context: SandboxContext, api: ApiGeneration, hostedMessaging: boolean): Router {
  const router = Router({ mergeParams: true });
  router.use(requireBandwidthAuth(context.options.credentials, context.tokens, context.faults));
  router.use((req, res, next) => {
    const accountId = String((req.params as Record<string, string>).accountId);
    if (accountId === context.options.accountId) return next();
    sendXml(res, 404, responseStatusBody('ErrorResponse', errors.accountNotFound(accountId)));
  });
  router.use(checkerRoutes(context, api));
  if (hostedMessaging) {
    router.use(importOrderRoutes(context, api));
    router.use(loaRoutes(context, api));
    router.use(removalRoutes(context, api));
  }
  router.use(subscriptionRoutes(context, api));
  router.use(inServiceRoutes(context, api));
  router.use(tnOptionRoutes(context, api));
  router.use((_req, res) => {
    sendXml(res, 404, el('ErrorResponse', el('ResponseStatus', el('Description', RESOURCE_DOES_NOT_EXIST))));
  });
  return router;
}
