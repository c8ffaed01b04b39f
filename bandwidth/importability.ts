import { toWireNumber, type ApiDialect } from './dialect.js';
import { BandwidthXmlError } from './errors.js';
import type { Transport } from './transport.js';
import { XML_CONTENT_TYPE } from './transport.js';
import type { CallOptions, ImportabilityResult, NumberError } from './types.js';
import { buildXml, optional, telephoneNumbersElement } from './xml-builder.js';
import { childElements, childText, elementAt, telephoneNumbersOf } from './xml-reader.js';

/** importTnChecker refuses more numbers than this in one request. */
export const MAX_NUMBERS_PER_CHECK = 5000;

export interface ImportabilityRequest {
  telephoneNumbers: string[];
  siteId?: string;
  sipPeerId?: string;
}

export function importTnCheckerXml(request: ImportabilityRequest, dialect: ApiDialect = 'v1'): string {
  return buildXml({
    ImportTnCheckerPayload: {
      TelephoneNumbers: telephoneNumbersElement(request.telephoneNumbers.map((tn) => toWireNumber(tn, dialect))),
      SiteId: optional(request.siteId),
      SipPeerId: optional(request.sipPeerId),
    },
  });
}

/**
 * Asks importTnChecker which numbers Bandwidth can host. Lists longer than the endpoint accepts
 * go out in sequential chunks (sequential so one check does not eat the account's rate limit),
 * and the answers are merged with rejects grouped by code. An empty list is answered without a
 * call: Bandwidth would only refuse it with a 400. The path is the same in both dialects; v2 gets
 * E.164 numbers, and either form in the answer reads back as 10 digits.
 */
export async function checkImportability(
  transport: Transport,
  request: ImportabilityRequest,
  options: CallOptions = {},
): Promise<ImportabilityResult> {
  const results: ImportabilityResult[] = [];
  for (let start = 0; start < request.telephoneNumbers.length; start += MAX_NUMBERS_PER_CHECK) {
    const chunk = request.telephoneNumbers.slice(start, start + MAX_NUMBERS_PER_CHECK);
    results.push(await checkChunk(transport, { ...request, telephoneNumbers: chunk }, options));
  }
  return mergeImportability(results);
}

async function checkChunk(
  transport: Transport,
  request: ImportabilityRequest,
  options: CallOptions,
): Promise<ImportabilityResult> {
  const response = await transport.send({
    method: 'POST',
    path: '/importTnChecker',
    template: '/importTnChecker',
    body: { contentType: XML_CONTENT_TYPE, data: importTnCheckerXml(request, transport.dialect) },
    ...options,
  });
  const parsed = transport.readXml(response);
  if (parsed === undefined) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `${response.endpoint} answered without a body`, {
      endpoint: response.endpoint,
    });
  }
  // Usually <ImportTnCheckerResponse><ImportTnCheckerPayload>; a bare payload reads the same.
  const payload = elementAt(parsed.root, 'ImportTnCheckerPayload') ?? parsed.root;
  const rejected: NumberError[] = childElements(elementAt(payload, 'ImportTnErrors'), 'ImportTnError').map((error) => ({
    code: childText(error, 'Code') ?? '',
    description: childText(error, 'Description') ?? '',
    telephoneNumbers: telephoneNumbersOf(error),
  }));
  return { importable: telephoneNumbersOf(payload), rejected };
}

/** Concatenates importable numbers; one NumberError per code holding all of that code's numbers. */
export function mergeImportability(results: ImportabilityResult[]): ImportabilityResult {
  const importable: string[] = [];
  const byCode = new Map<string, NumberError>();
  for (const result of results) {
    importable.push(...result.importable);
    for (const error of result.rejected) {
      const group = byCode.get(error.code);
      if (group === undefined) byCode.set(error.code, { ...error, telephoneNumbers: [...error.telephoneNumbers] });
      else group.telephoneNumbers.push(...error.telephoneNumbers);
    }
  }
  return { importable, rejected: [...byCode.values()] };
}
