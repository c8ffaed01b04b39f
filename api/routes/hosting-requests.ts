import { Router, json, type ErrorRequestHandler } from 'express';
import { RESERVED_PART_SUFFIX } from '../../contract/order-plan.js';
import type { Logger } from '../../logging/logger.js';
import type { ApiMetrics } from '../../observability/metrics.js';
import {
  CUSTOMER_ORDER_ID,
  createHostingRequestSchema,
  listQuerySchema,
  loaSchema,
  base64DecodedLength,
  MAX_LOA_BYTES,
  validationErrors,
} from '../hosting-request-schema.js';
import type { HostingService } from '../hosting-service.js';
import type { PageTokens } from '../page-token.js';
import { problem } from '../problem.js';
import { cancelBodySchema } from '../response-schemas.js';

export interface HostingRequestRoutesOptions {
  service: HostingService;
  pageTokens: PageTokens;
  defaultSiteId?: string;
  metrics: ApiMetrics;
  logger?: Logger;
}

/**
 * Issues keep their input, so validationErrors can tell a missing field ("is required") from one
 * of the wrong type; zod leaves the input out of issues unless asked.
 */
const REPORT_INPUT = { reportInput: true } as const;

/** The body may carry a base64 LOA: room for the largest file plus the rest of the request. */
export const BODY_LIMIT = Math.ceil((MAX_LOA_BYTES * 4) / 3) + 2 * 1024 * 1024;

/** 413 naming the LOA's field: the only part of a request that can be that large. */
const loaTooLarge = (path: string) =>
  problem(413, 'body-too-large', 'LOA too large', `The LOA may be at most ${MAX_LOA_BYTES} bytes (10 MiB).`, [
    { path, message: `must be at most ${MAX_LOA_BYTES} bytes once decoded` },
  ]);

function checkLoaSize(loa: unknown, path: string): void {
  const data = (loa as { data?: unknown } | undefined)?.data;
  if (typeof data === 'string' && base64DecodedLength(data) > MAX_LOA_BYTES) throw loaTooLarge(path);
}

const selfLink = (id: string) => `/v1/hosting-requests/${encodeURIComponent(id)}`;

/** RFC 6266: an ASCII fallback and the exact name, percent-encoded. */
function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function hostingRequestRoutes(options: HostingRequestRoutesOptions): Router {
  const { service, pageTokens } = options;
  const router = Router();

  router.post(
    '/',
    json({ limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] }),
    async (req, res) => {
      if (!req.is(['application/json', 'application/*+json'])) {
        throw problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the request as application/json.');
      }
      checkLoaSize((req.body as { loa?: unknown } | undefined)?.loa, 'loa.data');
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
      const { id, workflowId } = await service.start({ ...body, siteId });
      options.metrics.hostingRequestsStarted.inc();
      options.logger?.info(
        { requestId: id, workflowId, numbers: body.telephoneNumbers.length, loa: Boolean(body.loa) },
        'hosting request accepted',
      );
      res
        .status(202)
        .location(selfLink(id))
        .json({ id, workflowId, status: 'CHECKING', links: { self: selfLink(id) } });
    },
  );

  const notFound = (id: string) =>
    problem(404, 'not-found', 'Not found', `No hosting request with id ${JSON.stringify(id)}.`);
  const existing = async (id: string) => {
    const view = CUSTOMER_ORDER_ID.test(id) ? await service.get(id) : undefined;
    if (!view) throw notFound(id);
    return view;
  };
  const ended = (id: string, what: string) =>
    problem(409, 'request-ended', 'Request has ended', `Hosting request ${JSON.stringify(id)} has ended; ${what}.`);

  router.get('/', async (req, res) => {
    const parsed = listQuerySchema.safeParse(req.query, REPORT_INPUT);
    if (!parsed.success) {
      throw problem(
        400,
        'invalid-query',
        'Invalid list query',
        'Some query parameters are invalid.',
        validationErrors(parsed.error),
      );
    }
    const { status, telephoneNumber, limit, pageToken } = parsed.data;
    // A token is bound to its filter: one issued for another filter (or forged) is refused.
    const filterKey = JSON.stringify({ status: status ?? null, telephoneNumber: telephoneNumber ?? null });
    let after;
    if (pageToken) {
      const raw = pageTokens.unwrap(pageToken, filterKey);
      try {
        after = raw ? (JSON.parse(raw.toString('utf8')) as { open: boolean; at: string; id: string }) : undefined;
      } catch {
        after = undefined;
      }
      if (!after) {
        throw problem(
          400,
          'invalid-query',
          'Invalid list query',
          'pageToken was not issued for this list; start again without it.',
          [{ path: 'pageToken', message: 'must be a pageToken from an earlier answer to the same query' }],
        );
      }
    }
    const page = await service.list({ status, telephoneNumber, limit, after });
    res.json({
      requests: page.requests,
      nextPageToken: page.next ? pageTokens.wrap(Buffer.from(JSON.stringify(page.next)), filterKey) : null,
    });
  });

  router.get('/:id', async (req, res) => {
    res.json(await existing(req.params.id));
  });

  router.get('/:id/loa', async (req, res) => {
    const id = req.params.id;
    await existing(id);
    const document = await service.loaFile(id);
    if (!document) throw problem(404, 'not-found', 'Not found', `Hosting request ${JSON.stringify(id)} has no LOA.`);
    res
      .status(200)
      .type(document.contentType)
      .set('Content-Disposition', contentDisposition(document.filename))
      .set('Cache-Control', 'no-store')
      .send(document.data);
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
    if (!CUSTOMER_ORDER_ID.test(id)) throw notFound(id);
    const outcome = await service.cancel(id, body.data.reason);
    if (outcome === 'not-found') throw notFound(id);
    if (outcome === 'ended') throw ended(id, 'there is nothing to cancel');
    res.status(202).json({ id, status: 'CANCELLING', links: { self: selfLink(id) } });
  });

  router.post('/:id/loa', json({ limit: BODY_LIMIT }), async (req, res) => {
    const id = req.params.id;
    await existing(id);
    checkLoaSize(req.body, 'data');
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
    const outcome = await service.provideLoa(id, parsed.data);
    if (outcome === 'not-found') throw notFound(id);
    if (outcome === 'uploaded')
      throw problem(409, 'loa-uploaded', 'LOA already uploaded', 'Bandwidth already holds an LOA for this request.');
    if (outcome === 'ended') throw ended(id, 'an LOA can no longer be attached');
    res.status(202).json({ id, loa: { status: 'PENDING' }, links: { self: selfLink(id) } });
  });

  // A body past the parser's limit can only be an LOA over 10 MiB: say which field.
  router.use(((error, req, _res, next) => {
    if ((error as { type?: string }).type !== 'entity.too.large') return next(error);
    next(loaTooLarge(req.path === '/' ? 'loa.data' : 'data'));
  }) as ErrorRequestHandler);

  return router;
}
