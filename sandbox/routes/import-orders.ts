import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { accountResourceUrl, xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../error-codes.js';
import { SandboxHttpError, responseStatusBody, responseStatusError, siblingErrorElements } from '../errors.js';
import { readImportOrderInput } from '../import-order-input.js';
import type { ImportOrder } from '../model.js';
import { statusMessage } from '../order-messages.js';
import { MAX_LIST_RESULTS, orderMatches, readOrderListFilter } from '../order-list-filter.js';
import { importOrderElement, orderHistoryElement, orderSummaryElement } from '../order-xml.js';
import { el, renderXml } from '../xml-build.js';
import { readRequestXml } from '../xml-parse.js';
import { sendXml, XML_CONTENT_TYPE } from '../xml-response.js';

/** The import order a request's path names, or a 404. */
export function findImportOrder(context: SandboxContext, req: Request, responseRoot = 'ErrorResponse'): ImportOrder {
  const orderId = String(req.params.orderId);
  const order = context.store.importOrders.get(orderId);
  if (!order) throw responseStatusError(404, responseRoot, errors.resourceNotFound(`Import TN order ${orderId}`));
  return order;
}

/** `importTnOrders`: create, fetch, list and history of hosting orders. */
export function importOrderRoutes(context: SandboxContext): Router {
  const router = Router();
  const { dialect } = context;
  const createRoot = dialect.importOrderCreateRoot;

  router.post('/importTnOrders', context.gate('createOrder'), xmlBody(createRoot), async (req, res) => {
    const result = readImportOrderInput(readRequestXml(req.body, 'ImportTnOrder', createRoot));
    if (!result.ok) {
      const body = el(
        createRoot,
        el('ImportTnOrder', result.echo, el('ProcessingStatus', 'FAILED'), siblingErrorElements(result.errors)),
      );
      throw new SandboxHttpError(400, body, 'importTnOrders request rejected', { code: result.errors[0]?.code });
    }
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
    const answer = renderXml(
      el(
        createRoot,
        dialect.arrange(importOrderElement(order, dialect.orderExtras('created')), `${order.orderId}/created`),
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
        responseStatusBody('ErrorResponse', errors.internalError(failAfterCommit)),
        'order created, answer failed (fault)',
      );
    }
    res
      .status(201)
      .set('Location', accountResourceUrl(req, 'importTnOrders', order.orderId))
      .set('Content-Type', XML_CONTENT_TYPE)
      .send(answer);
  });

  router.get('/importTnOrders', context.gate('listOrders'), (req, res) => {
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

  router.get('/importTnOrders/:orderId', context.gate('getOrder'), (req, res) => {
    const order = findImportOrder(context, req);
    sendXml(
      res,
      200,
      dialect.arrange(importOrderElement(order, dialect.orderExtras('fetched')), `${order.orderId}/fetched`),
    );
  });

  router.get('/importTnOrders/:orderId/history', context.gate('orderHistory'), (req, res) => {
    const order = findImportOrder(context, req);
    sendXml(res, 200, dialect.arrange(orderHistoryElement(order.history), `${order.orderId}/history`));
  });

  return router;
}
