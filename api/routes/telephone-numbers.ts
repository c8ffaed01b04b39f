import { Router } from 'express';
import type { HostingService } from '../hosting-service.js';
import { problem } from '../problem.js';
import { normaliseTelephoneNumber } from '../telephone-numbers.js';

/** `GET /v1/telephone-numbers/{tn}`: one number's life in this deployment, from the record. */
export function telephoneNumberRoutes({ service }: { service: HostingService }): Router {
  const router = Router();
  router.get('/:tn', async (req, res) => {
    const raw = req.params.tn;
    const tn = normaliseTelephoneNumber(raw);
    if (!tn) {
      throw problem(
        400,
        'invalid-request',
        'Invalid telephone number',
        `${JSON.stringify(raw)} is not a 10-digit NANP number or +1 E.164 number.`,
        [{ path: 'tn', message: 'must be a 10-digit NANP number or +1 E.164 number' }],
      );
    }
    const record = await service.number(tn);
    if (!record) throw problem(404, 'not-found', 'Not found', `No hosting request has named ${tn}.`);
    res.json(record);
  });
  return router;
}
