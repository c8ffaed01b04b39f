import { randomUUID } from 'node:crypto';
import { Router, json } from 'express';
import type { LoaStore } from '../../storage/loa-store.js';
import type { HostingRequestInput, OrderWaitOptions } from '../../workflows/types.js';
import {
  CUSTOMER_ORDER_ID,
  createHostingRequestSchema,
  listQuerySchema,
  loaSchema,
  MAX_LOA_BYTES,
  validationErrors,
} from '../hosting-request-schema.js';
import { RESERVED_PART_SUFFIX } from '../../workflows/ids.js';
import { problem } from '../problem.js';
import type { ApiMetrics } from '../../observability/metrics.js';
import type { Logger } from '../../logging/logger.js';
import { cancelBodySchema } from '../response-schemas.js';
import { InvalidPageTokenError, RequestExistsError, type HostingGateway } from '../temporal-gateway.js';

export interface HostingRequestRoutesOptions {
  gateway: HostingGateway;
  loaStore: LoaStore;
  defaultSiteId?: string;
  defaultSipPeerId?: string;
  orderWait: OrderWaitOptions;
  maxNumbersPerOrder?: number;
  metrics: ApiMetrics;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Issues keep their input, so validationErrors can tell a missing field ("is required") from one
 * of the wrong type; zod leaves the input out of issues unless asked.
 */
const REPORT_INPUT = { reportInput: true } as const;

/** The body may carry a base64 LOA: room for the largest file plus the rest of the request. */
const BODY_LIMIT = Math.ceil((MAX_LOA_BYTES * 4) / 3) + 2 * 1024 * 1024;

export function hostingRequestRoutes(options: HostingRequestRoutesOptions): Router {
  const { gateway, loaStore } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();

  router.post(
    '/',
    json({ limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] }),
    async (req, res) => {
      if (!req.is(['application/json', 'application/*+json'])) {
        throw problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the request as application/json.');
      }
      const parsed = createHostingRequestSchema.safeParse(req.body, REPORT_INPUT);
      if (!parsed.success) {
        throw problem(
          400,
          'invalid-request',
          'Invalid hosting request',
          'Some fields are missing or invalid.',
          validationErrors(parsed.error),
        );
      }
      const body = parsed.data;
      const siteId = body.siteId ?? options.defaultSiteId;
      if (!siteId) {
        throw problem(
          400,
          'invalid-request',
          'Invalid hosting request',
          'siteId is required (no BANDWIDTH_SITE_ID default is configured).',
          [{ path: 'siteId', message: 'is required' }],
        );
      }
      if (body.customerOrderId && RESERVED_PART_SUFFIX.test(body.customerOrderId)) {
        throw problem(400, 'invalid-request', 'Invalid hosting request', 'Some fields are missing or invalid.', [
          { path: 'customerOrderId', message: 'must not end like "-2of3": such ids name the orders of split requests' },
        ]);
      }
      const id = body.customerOrderId ?? randomUUID();
      const loa = body.loa
        ? {
            key: await loaStore.put(body.loa.data),
            contentType: body.loa.contentType,
            filename: body.loa.filename,
            bytes: body.loa.data.length,
          }
        : undefined;
      const input: HostingRequestInput = {
        id,
        telephoneNumbers: body.telephoneNumbers,
        siteId,
        sipPeerId: body.sipPeerId ?? options.defaultSipPeerId,
        subscriber: body.subscriber,
        loaAuthorizingPerson: body.loaAuthorizingPerson,
        loa,
        createdAt: now().toISOString(),
        wait: options.orderWait,
        maxNumbersPerOrder: options.maxNumbersPerOrder,
      };
      try {
        const { workflowId } = await gateway.start(input);
        options.metrics.hostingRequestsStarted.inc();
        options.logger?.info(
          { requestId: id, workflowId, numbers: input.telephoneNumbers.length, loa: Boolean(loa) },
          'hosting request accepted',
        );
        const self = `/v1/hosting-requests/${encodeURIComponent(id)}`;
        res.status(202).location(self).json({ id, workflowId, status: 'CHECKING', links: { self } });
      } catch (error) {
        if (error instanceof RequestExistsError) {
          throw problem(
            409,
            'request-exists',
            'Request exists',
            `A hosting request with id ${JSON.stringify(id)} already exists.`,
          );
        }
        throw error;
      }
    },
  );

  const existingView = async (id: string) => {
    const view = CUSTOMER_ORDER_ID.test(id) ? await gateway.view(id) : undefined;
    if (!view) throw problem(404, 'not-found', 'Not found', `No hosting request with id ${JSON.stringify(id)}.`);
    return view;
  };
  const ended = (id: string, what: string) =>
    problem(409, 'request-ended', 'Request has ended', `Hosting request ${JSON.stringify(id)} has ended; ${what}.`);

  router.get('/', async (req, res) => {
    const parsed = listQuerySchema.safeParse(req.query, REPORT_INPUT);
    if (!parsed.success)
      throw problem(
        400,
        'invalid-query',
        'Invalid list query',
        'Some query parameters are invalid.',
        validationErrors(parsed.error),
      );
    const { status, telephoneNumber, limit, pageToken } = parsed.data;
    let page;
    try {
      page = await gateway.list({ status, telephoneNumber, limit, pageToken });
    } catch (error) {
      if (error instanceof InvalidPageTokenError) {
        throw problem(
          400,
          'invalid-query',
          'Invalid list query',
          'pageToken was not issued for this list; start again without it.',
          [{ path: 'pageToken', message: 'must be a pageToken from an earlier answer to the same query' }],
        );
      }
      throw error;
    }
    res.json(page);
  });

  router.get('/:id', async (req, res) => {
    res.json(await existingView(req.params.id));
  });

  router.post('/:id/cancel', json({ limit: '16kb' }), async (req, res) => {
    const id = req.params.id;
    const body = cancelBodySchema.safeParse(req.body ?? {}, REPORT_INPUT);
    if (!body.success)
      throw problem(
        400,
        'invalid-request',
        'Invalid cancel request',
        'The body is invalid.',
        validationErrors(body.error),
      );
    await existingView(id);
    const reason = body.data.reason;
    if ((await gateway.cancel(id, reason)) !== 'signalled') throw ended(id, 'there is nothing to cancel');
    res
      .status(202)
      .json({ id, status: 'CANCELLING', links: { self: `/v1/hosting-requests/${encodeURIComponent(id)}` } });
  });

  router.post('/:id/loa', json({ limit: BODY_LIMIT }), async (req, res) => {
    const id = req.params.id;
    const view = await existingView(id);
    const parsed = loaSchema.safeParse(req.body, REPORT_INPUT);
    if (!parsed.success) {
      throw problem(
        400,
        'invalid-request',
        'Invalid LOA',
        'The LOA is missing or invalid.',
        validationErrors(parsed.error),
      );
    }
    if (view.loa.status === 'UPLOADED')
      throw problem(
        409,
        'loa-uploaded',
        'LOA already uploaded',
        `Bandwidth already holds ${view.loa.filename ?? 'an LOA'} for this request.`,
      );
    const loa = {
      key: await loaStore.put(parsed.data.data),
      contentType: parsed.data.contentType,
      filename: parsed.data.filename,
      bytes: parsed.data.data.length,
    };
    if ((await gateway.provideLoa(id, loa)) !== 'signalled') throw ended(id, 'an LOA can no longer be attached');
    res
      .status(202)
      .json({ id, loa: { status: 'PENDING' }, links: { self: `/v1/hosting-requests/${encodeURIComponent(id)}` } });
  });

  return router;
}
