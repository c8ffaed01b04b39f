import { Router } from 'express';
import type { ApiGeneration } from '../api-generation.js';
import { xmlBody } from '../body-parsers.js';
import type { SandboxContext } from '../context.js';
import { errors, type BandwidthError } from '../error-codes.js';
import { SandboxHttpError } from '../errors.js';
import { telephoneNumbersElement } from '../order-xml.js';
import { checkerRejection, groupFailures, MAX_NUMBERS_TO_CHECK, readNumberList } from '../telephone-numbers.js';
import { el } from '../xml-build.js';
import { childNode, childText, childTexts, readRequestXml } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';

const RESPONSE_ROOT = 'ImportTnCheckerResponse';

/** `POST importTnChecker`: which numbers Bandwidth could host for messaging (same path on v1 and v2). */
export function checkerRoutes(context: SandboxContext, api: ApiGeneration): Router {
  const router = Router();
  router.post('/importTnChecker', context.gate('importTnChecker'), xmlBody(RESPONSE_ROOT), (req, res) => {
    const payload = readRequestXml(req.body, 'ImportTnCheckerPayload', RESPONSE_ROOT);
    // numbers.yml: 400 for an empty list, more than 5000, invalid or duplicate numbers, no IMPORT_TNS.
    const numbers = readNumberList(childTexts(childNode(payload, 'TelephoneNumbers'), 'TelephoneNumber'), api, {
      max: MAX_NUMBERS_TO_CHECK,
      tooMany: errors.tooManyNumbersToCheck,
      duplicate: errors.duplicated,
    });
    const problems: BandwidthError[] = [...numbers.problems];
    const siteId = childText(payload, 'SiteId');
    const sipPeerId = childText(payload, 'SipPeerId');
    if (siteId && !/^\d+$/.test(siteId)) problems.push(errors.invalidSiteId());
    if (sipPeerId && !/^\d+$/.test(sipPeerId)) problems.push(errors.invalidSipPeerId());
    if (context.faults.importDisabled()) problems.unshift(errors.importNotEnabled());
    if (problems.length > 0) {
      throw new SandboxHttpError(
        400,
        context.dialect.checkerRefusal(RESPONSE_ROOT, problems),
        'importTnChecker request rejected',
        { code: problems[0]?.code },
      );
    }
    const tns = numbers.telephoneNumbers;
    const rejected = tns.flatMap((tn) => {
      const error = checkerRejection(tn);
      return error ? [{ tn, error }] : [];
    });
    const rejectedNumbers = new Set(rejected.map((entry) => entry.tn));
    const importable = tns.filter((tn) => !rejectedNumbers.has(tn));
    const groups = groupFailures(rejected);
    const write = api.writeNumber;
    const answer = el(
      'ImportTnCheckerPayload',
      importable.length > 0 && telephoneNumbersElement(importable.map(write)),
      groups.length > 0 &&
        el(
          'ImportTnErrors',
          groups.map((group) =>
            el(
              'ImportTnError',
              el('Code', group.code),
              el('Description', group.description),
              telephoneNumbersElement(group.telephoneNumbers.map(write)),
            ),
          ),
        ),
    );
    sendXml(res, 200, el(RESPONSE_ROOT, context.dialect.arrange(answer, `checker/${tns.join(',')}`)));
  });
  return router;
}
