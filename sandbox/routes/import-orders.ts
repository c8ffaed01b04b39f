import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { ApiGeneration } from '../api-generation.js';
import { accountResourceUrl, xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors, type BandwidthError } from '../error-codes.js';
import { notFoundError, SandboxHttpError, responseStatusBody, siblingErrorElements } from '../errors.js';
import { readImportOrderInput } from '../import-order-input.js';
import type { ImportOrder } from '../model.js';
import { statusMessage } from '../order-messages.js';
import { MAX_LIST_RESULTS, orderMatches, readOrderListFilter } from '../order-list-filter.js';
import { importOrderElement, orderHistoryElement, orderSummaryElement } from '../order-xml.js';
import { el } from '../xml-build.js';
import { readRequestXml } from '../xml-parse.js';
import { renderAnswer, sendXml, sendXmlBytes } from '../xml-response.js';

/** The import order a request's path names, or Bandwidth's code-less 404. */
export function findImportOrder(context: SandboxContext, req: Request, responseRoot = 'ErrorResponse'): ImportOrder {
  const orderId = String(req.params.orderId);
  const order = context.store.importOrders.get(orderId);
  if (!order) throw notFoundError(responseRoot, `Import TN order ${orderId}`);
  return order;
}

/**
 * The create-400 as numbers.yml and numbers_v2.yml show it: flat under the root,
 * `<ProcessingStatus>FAILED</ProcessingStatus>` and one sibling `<Errors><Code/><Description/>`
 * per problem, nothing of the request echoed.
 */
function createRefusal(root: string, problems: readonly BandwidthError[]): SandboxHttpError {
  const body = el(root, el('ProcessingStatus', 'FAILED'), siblingErrorElements(problems));
  return new SandboxHttpError(400, body, 'importTnOrders request rejected', { code: problems[0]?.code });
}

/**
 * Hosting orders: create, fetch, list and history, at `api.importOrdersPath` (`/importTnOrders` on
 * v1, `/importTnOrders/messaging` on v2).
 */
export function importOrderRoutes(context: SandboxContext, api: ApiGeneration): Router {
  const router = Router();
  const { dialect } = context;
  const createRoot = dialect.importOrderCreateRoot;
  const base = api.importOrdersPath;
  const write = api.writeNumber;

  router.post(base, context.gate('createOrder'), xmlBody(createRoot), async (req, res) => {
    const body = readRequestXml(req.body, 'ImportTnOrder', createRoot);
    if (context.faults.importDisabled()) throw createRefusal(createRoot, [errors.importNotEnabled()]);
    const result = readImportOrderInput(body, api, context.options.maxNumbersPerOrder);
    if (!result.ok) throw createRefusal(createRoot, result.errors);
    const { input } = result;
    const created = context.now().toISOString();
    const user = String(res.locals.user);
    const order: ImportOrder = {
      kind: 'import',
      orderId: randomUUID(),
      ...(input.customerOrderId !== undefined ? { customerOrderId: input.customerOrderId } : {}),
      accountId: context.options.accountId,
      createdByUser: user,
      orderCreateDate: created,
      lastModifiedDate: created,
      siteId: input.siteId,
      ...(input.sipPeerId !== undefined ? { sipPeerId: input.sipPeerId } : {}),
      subscriber: input.subscriber,
      loaAuthorizingPerson: input.loaAuthorizingPerson,
      loaType: input.loaType,
      telephoneNumbers: input.telephoneNumbers,
      processingStatus: 'RECEIVED',
      errors: [],
      history: [],
      loas: [],
    };
    order.history.push({ date: created, note: statusMessage(order, 'RECEIVED'), author: user, status: 'received' });
    const extraDelayMs = context.faults.slowProcessingMs();
    if (extraDelayMs > 0) order.extraDelayMs = extraDelayMs;
    context.store.importOrders.set(order.orderId, order);
    context.store.changed();
    context.options.logger(`order ${order.orderId} (import) RECEIVED: ${order.telephoneNumbers.length} number(s)`);
    // The answer shows the order as it was created, even when the early fault has already ended it.
    const answer = renderAnswer(
      res,
      el(
        createRoot,
        dialect.arrange(importOrderElement(order, dialect.orderExtras('created'), write), `${order.orderId}/created`),
      ),
    );

    if (context.notifier.subscribersOf(order).length > 0 && context.faults.early()) {
      await context.lifecycle.runToEnd(order, true);
    } else {
      context.lifecycle.schedule(order);
    }
    const failAfterCommit = context.faults.errorAfterCommit();
    if (failAfterCommit !== undefined) {
      throw new SandboxHttpError(
        failAfterCommit,
        responseStatusBody('ErrorResponse', errors.internalError()),
        'order created, answer failed (fault)',
      );
    }
    res.set('Location', accountResourceUrl(req, ...base.split('/').filter(Boolean), order.orderId));
    sendXmlBytes(res, 201, answer);
  });

  router.get(base, context.gate('listOrders'), (req, res) => {
    const filter = readOrderListFilter(req, 'ImportTnOrders');
    const matching = [...context.store.importOrders.values()].filter((order) => orderMatches(order, filter));
    sendXml(
      res,
      200,
      el(
        'ImportTnOrders',
        el('TotalCount', String(matching.length)),
        matching
          .slice(0, MAX_LIST_RESULTS)
          .map((order) => dialect.arrange(orderSummaryElement(order), `${order.orderId}/summary`)),
      ),
    );
  });

  router.get(`${base}/:orderId`, context.gate('getOrder'), (req, res) => {
    const order = findImportOrder(context, req);
    sendXml(
      res,
      200,
      dialect.arrange(importOrderElement(order, dialect.orderExtras('fetched'), write), `${order.orderId}/fetched`),
    );
  });

  router.get(`${base}/:orderId/history`, context.gate('orderHistory'), (req, res) => {
    const order = findImportOrder(context, req);
    sendXml(res, 200, dialect.arrange(orderHistoryElement(order.history), `${order.orderId}/history`));
  });

  return router;
}
