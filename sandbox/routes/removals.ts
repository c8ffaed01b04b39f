import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { accountResourceUrl, xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { customerOrderIdError, presentText } from '../customer-order-id.js';
import { errors } from '../error-codes.js';
import { SandboxHttpError, responseStatusError, siblingErrorElements } from '../errors.js';
import type { RemovalOrder } from '../model.js';
import { MAX_LIST_RESULTS, orderMatches, readOrderListFilter } from '../order-list-filter.js';
import { statusMessage } from '../order-messages.js';
import {
  orderHistoryElement,
  orderSummaryElement,
  removalOrderElement,
  telephoneNumbersElement,
} from '../order-xml.js';
import { numberListErrors } from '../telephone-numbers.js';
import { el, optionalEl } from '../xml-build.js';
import { childNode, childText, childTexts, readRequestXml } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';

const CREATE_ROOT = 'RemoveImportedTnOrdersResponse';

function findRemoval(context: SandboxContext, req: Request): RemovalOrder {
  const orderId = String(req.params.orderId);
  const order = context.store.removalOrders.get(orderId);
  if (!order)
    throw responseStatusError(404, 'ErrorResponse', errors.resourceNotFound(`Remove imported TN order ${orderId}`));
  return order;
}

/**
 * `removeImportedTnOrders`: un-hosting. Numbers that no COMPLETE/PARTIAL import made hosted fail
 * inside the order with 5158, as Bandwidth reports them.
 */
export function removalRoutes(context: SandboxContext): Router {
  const router = Router();
  const { dialect } = context;

  router.post('/removeImportedTnOrders', context.gate('createRemoval'), xmlBody(CREATE_ROOT), (req, res) => {
    const root = readRequestXml(req.body, 'RemoveImportedTnOrder', CREATE_ROOT);
    const customerOrderId = presentText(childText(root, 'CustomerOrderId'));
    const tns = childTexts(childNode(root, 'TelephoneNumbers'), 'TelephoneNumber');
    const problems = numberListErrors(tns);
    const customerOrderIdProblem = customerOrderIdError(customerOrderId);
    if (customerOrderIdProblem) problems.unshift(customerOrderIdProblem);
    if (problems.length > 0) {
      const body = el(
        CREATE_ROOT,
        el(
          'RemoveImportedTnOrder',
          optionalEl('CustomerOrderId', customerOrderId),
          tns.length > 0 && telephoneNumbersElement(tns),
          el('ProcessingStatus', 'FAILED'),
          siblingErrorElements(problems),
        ),
      );
      throw new SandboxHttpError(400, body, 'removeImportedTnOrders request rejected', { code: problems[0]?.code });
    }
    const created = context.now().toISOString();
    const user = String(res.locals.user);
    const order: RemovalOrder = {
      kind: 'removal',
      orderId: randomUUID(),
      ...(customerOrderId !== undefined ? { customerOrderId } : {}),
      accountId: context.options.accountId,
      createdByUser: user,
      orderCreateDate: created,
      lastModifiedDate: created,
      telephoneNumbers: tns,
      processingStatus: 'RECEIVED',
      errors: [],
      history: [],
    };
    order.history.push({ date: created, note: statusMessage(order, 'RECEIVED'), author: user, status: 'received' });
    context.store.removalOrders.set(order.orderId, order);
    context.store.changed();
    context.options.logger(`order ${order.orderId} (removal) RECEIVED: ${tns.length} number(s)`);
    context.lifecycle.schedule(order);
    res.set('Location', accountResourceUrl(req, 'removeImportedTnOrders', order.orderId));
    sendXml(res, 201, el(CREATE_ROOT, dialect.arrange(removalOrderElement(order), `${order.orderId}/created`)));
  });

  router.get('/removeImportedTnOrders', context.gate('listRemovals'), (req, res) => {
    const filter = readOrderListFilter(req, 'RemoveImportedTnOrders');
    const matching = [...context.store.removalOrders.values()].filter((order) => orderMatches(order, filter));
    sendXml(
      res,
      200,
      el(
        'RemoveImportedTnOrders',
        el('TotalCount', String(matching.length)),
        matching
          .slice(0, MAX_LIST_RESULTS)
          .map((order) => dialect.arrange(orderSummaryElement(order), `${order.orderId}/summary`)),
      ),
    );
  });

  router.get('/removeImportedTnOrders/:orderId', context.gate('getRemoval'), (req, res) => {
    const order = findRemoval(context, req);
    sendXml(res, 200, dialect.arrange(removalOrderElement(order), `${order.orderId}/fetched`));
  });

  router.get('/removeImportedTnOrders/:orderId/history', context.gate('getRemoval'), (req, res) => {
    const order = findRemoval(context, req);
    sendXml(res, 200, dialect.arrange(orderHistoryElement(order.history), `${order.orderId}/history`));
  });

  return router;
}
