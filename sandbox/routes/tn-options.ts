import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { ApiGeneration } from '../api-generation.js';
import { accountResourceUrl, xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../error-codes.js';
import { notFoundError, responseStatusError } from '../errors.js';
import { isEndStatus, type TnOptionOrder } from '../model.js';
import { MAX_LIST_RESULTS, orderMatches, readOrderListFilter } from '../order-list-filter.js';
import { statusMessage } from '../order-messages.js';
import { orderHistoryElement, orderSummaryElement } from '../order-xml.js';
import { readTnOptionOrder } from '../tn-option-input.js';
import { tnOptionOrderElement } from '../tn-option-xml.js';
import { el } from '../xml-build.js';
import { readRequestXml } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';

const CREATE_ROOT = 'TnOptionOrderResponse';
/** numbers_v2.yml: the 404 of an unknown TN option order comes under this root. */
const REPORT_ROOT = 'TnOptionOrderReportResponse';

function findTnOptionOrder(context: SandboxContext, req: Request): TnOptionOrder {
  const orderId = String(req.params.orderId);
  const order = context.store.tnOptionOrders.get(orderId);
  if (!order) throw notFoundError(REPORT_ROOT, `TN option order ${orderId}`);
  return order;
}

/**
 * TN Option Orders (`/tnoptions`, same path on v1 and v2): how a hosted number is put on its 10DLC
 * campaign (`<A2pSettings><Action>asSpecified</Action><CampaignId/>`). They step RECEIVED →
 * PROCESSING → COMPLETE/PARTIAL/FAILED on the import orders' clock and notify `tnoptions`
 * subscriptions; refusals of single numbers come in `<ErrorList>`.
 */
export function tnOptionRoutes(context: SandboxContext, api: ApiGeneration): Router {
  const router = Router();
  const { dialect } = context;
  const write = api.writeNumber;

  router.post('/tnoptions', context.gate('createTnOption'), xmlBody(CREATE_ROOT), (req, res) => {
    const result = readTnOptionOrder(
      readRequestXml(req.body, 'TnOptionOrder', CREATE_ROOT),
      api,
      context.options.maxNumbersPerOrder,
    );
    if (!result.ok) throw responseStatusError(400, CREATE_ROOT, result.error);
    const telephoneNumbers = result.input.groups.flatMap((group) => group.telephoneNumbers);
    // 409 (numbers.yml lists one for TN option orders): a number another open TN option order holds.
    const open = [...context.store.tnOptionOrders.values()].filter((order) => !isEndStatus(order.processingStatus));
    if (open.some((order) => order.telephoneNumbers.some((tn) => telephoneNumbers.includes(tn))))
      throw responseStatusError(409, CREATE_ROOT, errors.numberInProcess());
    const created = context.now().toISOString();
    const user = String(res.locals.user);
    const order: TnOptionOrder = {
      kind: 'tnOption',
      orderId: randomUUID(),
      ...(result.input.customerOrderId !== undefined ? { customerOrderId: result.input.customerOrderId } : {}),
      accountId: context.options.accountId,
      createdByUser: user,
      orderCreateDate: created,
      lastModifiedDate: created,
      telephoneNumbers,
      processingStatus: 'RECEIVED',
      groups: result.input.groups,
      errors: [],
      warnings: [],
      history: [],
    };
    order.history.push({ date: created, note: statusMessage(order, 'RECEIVED'), author: user, status: 'received' });
    context.store.tnOptionOrders.set(order.orderId, order);
    context.store.changed();
    context.options.logger(`order ${order.orderId} (tnOption) RECEIVED: ${telephoneNumbers.length} number(s)`);
    context.lifecycle.schedule(order);
    res.set('Location', accountResourceUrl(req, 'tnoptions', order.orderId));
    sendXml(res, 201, el(CREATE_ROOT, dialect.arrange(tnOptionOrderElement(order, write), `${order.orderId}/created`)));
  });

  router.get('/tnoptions', context.gate('listTnOptions'), (req, res) => {
    const filter = readOrderListFilter(req, REPORT_ROOT);
    const matching = [...context.store.tnOptionOrders.values()].filter((order) => orderMatches(order, filter));
    const list = el(
      'TnOptionOrders',
      el('TotalCount', String(matching.length)),
      matching
        .slice(0, MAX_LIST_RESULTS)
        .map((order) => dialect.arrange(orderSummaryElement(order), `${order.orderId}/summary`)),
    );
    sendXml(res, 200, dialect.wrapsTnOptionList ? el(REPORT_ROOT, list) : list);
  });

  router.get('/tnoptions/:orderId', context.gate('getTnOption'), (req, res) => {
    const order = findTnOptionOrder(context, req);
    sendXml(res, 200, dialect.arrange(tnOptionOrderElement(order, write), `${order.orderId}/fetched`));
  });

  router.get('/tnoptions/:orderId/history', context.gate('getTnOption'), (req, res) => {
    const order = findTnOptionOrder(context, req);
    sendXml(res, 200, dialect.arrange(orderHistoryElement(order.history), `${order.orderId}/history`));
  });

  return router;
}
