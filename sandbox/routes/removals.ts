import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { ApiGeneration } from '../api-generation.js';
import { accountResourceUrl, xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { customerOrderIdError, presentText } from '../customer-order-id.js';
import { errors } from '../error-codes.js';
import { notFoundError, responseStatusError, SandboxHttpError, siblingErrorElements } from '../errors.js';
import type { RemovalOrder } from '../model.js';
import { MAX_LIST_RESULTS, orderMatches, readOrderListFilter } from '../order-list-filter.js';
import { statusMessage } from '../order-messages.js';
import {
  orderHistoryElement,
  orderSummaryElement,
  removalOrderElement,
  telephoneNumbersElement,
} from '../order-xml.js';
import { readNumberList } from '../telephone-numbers.js';
import { el, optionalEl } from '../xml-build.js';
import { childNode, childText, childTexts, readRequestXml } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';

const CREATE_ROOT = 'RemoveImportedTnOrdersResponse';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function findRemoval(context: SandboxContext, req: Request): RemovalOrder {
  const orderId = String(req.params.orderId);
  // The notes: a removal GET with an invalid id answers 400 RemoveImportedTnOrdersReportResponse, 1008.
  if (!UUID.test(orderId))
    throw responseStatusError(400, 'RemoveImportedTnOrdersReportResponse', errors.notAUuid(orderId));
  const order = context.store.removalOrders.get(orderId);
  if (!order) throw notFoundError('RemoveImportedTnOrdersReportResponse', `Remove imported TN order ${orderId}`);
  return order;
}

/**
 * Un-hosting at `api.removalOrdersPath` (`/removeImportedTnOrders` on v1,
 * `/removeImportedTnOrders/messaging` on v2). Numbers that no COMPLETE/PARTIAL import made hosted
 * fail inside the order with 5158, as Bandwidth reports them.
 */
export function removalRoutes(context: SandboxContext, api: ApiGeneration): Router {
  const router = Router();
  const { dialect } = context;
  const base = api.removalOrdersPath;
  const write = api.writeNumber;

  router.post(base, context.gate('createRemoval'), xmlBody(CREATE_ROOT), (req, res) => {
    const root = readRequestXml(req.body, 'RemoveImportedTnOrder', CREATE_ROOT);
    const customerOrderId = presentText(childText(root, 'CustomerOrderId'));
    const raws = childTexts(childNode(root, 'TelephoneNumbers'), 'TelephoneNumber');
    const numbers = readNumberList(raws, api, {
      max: context.options.maxNumbersPerOrder,
      tooMany: errors.tooManyNumbersInOrder,
      duplicate: () => errors.duplicateInOrder(),
    });
    const problems = [...numbers.problems];
    const customerOrderIdProblem = customerOrderIdError(customerOrderId);
    if (customerOrderIdProblem) problems.unshift(customerOrderIdProblem);
    if (problems.length > 0) {
      // No source shows this 400; it is written like the client's fixture of it.
      const body = el(
        CREATE_ROOT,
        el(
          'RemoveImportedTnOrder',
          optionalEl('CustomerOrderId', customerOrderId),
          raws.length > 0 && telephoneNumbersElement(raws),
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
      telephoneNumbers: numbers.telephoneNumbers,
      processingStatus: 'RECEIVED',
      errors: [],
      history: [],
    };
    order.history.push({ date: created, note: statusMessage(order, 'RECEIVED'), author: user, status: 'received' });
    context.store.removalOrders.set(order.orderId, order);
    context.store.changed();
    context.options.logger(`order ${order.orderId} (removal) RECEIVED: ${order.telephoneNumbers.length} number(s)`);
    context.lifecycle.schedule(order);
    res.set('Location', accountResourceUrl(req, ...base.split('/').filter(Boolean), order.orderId));
    sendXml(res, 201, el(CREATE_ROOT, dialect.arrange(removalOrderElement(order, write), `${order.orderId}/created`)));
  });

  router.get(base, context.gate('listRemovals'), (req, res) => {
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

  router.get(`${base}/:orderId`, context.gate('getRemoval'), (req, res) => {
    const order = findRemoval(context, req);
    sendXml(res, 200, dialect.arrange(removalOrderElement(order, write), `${order.orderId}/fetched`));
  });

  router.get(`${base}/:orderId/history`, context.gate('getRemoval'), (req, res) => {
    const order = findRemoval(context, req);
    sendXml(res, 200, dialect.arrange(orderHistoryElement(order.history), `${order.orderId}/history`));
  });

  return router;
}
