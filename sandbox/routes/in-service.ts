import { Router, type Request } from 'express';
import type { ApiGeneration } from '../api-generation.js';
import { accountResourceUrl } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../error-codes.js';
import { responseStatusError } from '../errors.js';
import { queryValues } from '../order-list-filter.js';
import { el } from '../xml-build.js';
import { sendXml } from '../xml-response.js';

/** numbers.yml `GET /inserviceNumbers`: `page` defaults to 1, `size` to 300. */
const DEFAULT_PAGE_SIZE = 300;
const LIST_ROOT = 'TNs';

function pageParameter(req: Request, name: 'page' | 'size', fallback: number): number {
  const value = queryValues(req.query, name)[0];
  if (value === undefined) return fallback;
  // errors.mdx 13056–13058; numbers.yml answers invalid search parameters with 404.
  if (!/^\d+$/.test(value))
    throw responseStatusError(404, LIST_ROOT, name === 'page' ? errors.pageNotNumeric() : errors.sizeNotNumeric());
  const number = Number(value);
  if (number < 1) throw responseStatusError(404, LIST_ROOT, errors.pageOrSizeTooSmall());
  return number;
}

/** Bandwidth writes a paging link as `Link=<url>;rel="first";` (the RAML's and SDK fixtures' lists). */
function link(req: Request, rel: string, page: number, size: number): string {
  return `Link=<${accountResourceUrl(req, 'inserviceNumbers')}?page=${page}&size=${size}>;rel="${rel}";`;
}

/**
 * In-service numbers (numbers.yml "In-service Numbers"; the hosting guide: "Check in service
 * numbers to ensure number imported — optional, but recommended"). A number is in service once a
 * COMPLETE or PARTIAL import hosted it, until a removal or a MESSAGING_LOST takes it away; the test
 * numbers ending 8888 never come into service.
 */
export function inServiceRoutes(context: SandboxContext, api: ApiGeneration): Router {
  const router = Router();
  const inService = (): string[] =>
    [...context.store.hostedNumbers].filter((tn) => context.store.isInService(tn)).sort();

  router.get('/inserviceNumbers', context.gate('listInServiceNumbers'), (req, res) => {
    const page = pageParameter(req, 'page', 1);
    const size = pageParameter(req, 'size', DEFAULT_PAGE_SIZE);
    const all = inService();
    const slice = all.slice((page - 1) * size, page * size);
    // numbers.yml: "204 No Content - there are no numbers found using the search parameters".
    if (slice.length === 0) {
      res.status(204).end();
      return;
    }
    const lastPage = Math.ceil(all.length / size);
    sendXml(
      res,
      200,
      el(
        LIST_ROOT,
        el('TotalCount', String(all.length)),
        el(
          'Links',
          el('first', link(req, 'first', 1, size)),
          page > 1 && el('previous', link(req, 'previous', page - 1, size)),
          page < lastPage && el('next', link(req, 'next', page + 1, size)),
          el('last', link(req, 'last', lastPage, size)),
        ),
        el(
          'TelephoneNumbers',
          el('Count', String(slice.length)),
          slice.map((tn) => el('TelephoneNumber', api.writeNumber(tn))),
        ),
      ),
    );
  });

  router.get('/inserviceNumbers/totals', context.gate('listInServiceNumbers'), (_req, res) => {
    sendXml(res, 200, el('Quantity', el('Count', String(inService().length))));
  });

  // "200 OK if the number is in-service on the account, or a 404 not found" — neither has a body.
  router.get('/inserviceNumbers/:tn', context.gate('inServiceNumber'), (req, res) => {
    const reading = api.readNumber(String(req.params.tn));
    const found = 'tn' in reading && context.store.isInService(reading.tn);
    res.status(found ? 200 : 404).end();
  });

  return router;
}
