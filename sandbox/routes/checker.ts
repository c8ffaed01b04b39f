import { Router } from 'express';
import { xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors, type BandwidthError } from '../error-codes.js';
import { SandboxHttpError } from '../errors.js';
import { telephoneNumbersElement } from '../order-xml.js';
import { checkerRejection, groupFailures, numberListErrors } from '../telephone-numbers.js';
import { el } from '../xml-build.js';
import { childNode, childText, childTexts, readRequestXml } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';

const RESPONSE_ROOT = 'ImportTnCheckerResponse';

/** `POST importTnChecker`: which numbers Bandwidth could host for messaging. */
export function checkerRoutes(context: SandboxContext): Router {
  const router = Router();
  router.post('/importTnChecker', context.gate('importTnChecker'), xmlBody(RESPONSE_ROOT), (req, res) => {
    const payload = readRequestXml(req.body, 'ImportTnCheckerPayload', RESPONSE_ROOT);
    const tns = childTexts(childNode(payload, 'TelephoneNumbers'), 'TelephoneNumber');
    const problems: BandwidthError[] = numberListErrors(tns);
    const siteId = childText(payload, 'SiteId');
    const sipPeerId = childText(payload, 'SipPeerId');
    if (siteId && !/^\d+$/.test(siteId)) problems.push(errors.invalidSiteId(siteId));
    if (sipPeerId && !/^\d+$/.test(sipPeerId)) problems.push(errors.invalidSipPeerId(sipPeerId));
    if (problems.length > 0) {
      throw new SandboxHttpError(
        400,
        context.dialect.checkerRefusal(RESPONSE_ROOT, problems),
        'importTnChecker request rejected',
        {
          code: problems[0]?.code,
        },
      );
    }
    const rejected = tns.flatMap((tn) => {
      const error = checkerRejection(tn);
      return error ? [{ tn, error }] : [];
    });
    const rejectedNumbers = new Set(rejected.map((entry) => entry.tn));
    const importable = tns.filter((tn) => !rejectedNumbers.has(tn));
    const groups = groupFailures(rejected);
    const answer = el(
      'ImportTnCheckerPayload',
      importable.length > 0 && telephoneNumbersElement(importable),
      groups.length > 0 &&
        el(
          'ImportTnErrors',
          groups.map((group) =>
            el(
              'ImportTnError',
              el('Code', group.code),
              el('Description', group.description),
              telephoneNumbersElement(group.telephoneNumbers),
            ),
          ),
        ),
    );
    sendXml(res, 200, el(RESPONSE_ROOT, context.dialect.arrange(answer, `checker/${tns.join(',')}`)));
  });
  return router;
}
