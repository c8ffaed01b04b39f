import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { BandwidthError, MAX_NUMBERS_PER_CHECK } from '../../bandwidth/index.js';
import {
  BASIC_HEADER,
  XML_HEADERS,
  fixture,
  rejectionOf,
  startFakeBandwidth,
  type FakeBandwidth,
} from './bandwidth-test-kit.js';

let bandwidth: FakeBandwidth;

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
});
afterAll(async () => {
  await bandwidth.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
});

describe('checkImportability', () => {
  test("sends the seed's importTnChecker request and reads its answer", async () => {
    bandwidth.onAccount('POST', '/importTnChecker', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-checker-response.xml'),
    });

    const result = await bandwidth.client().checkImportability({
      telephoneNumbers: ['3032281000', '4109235436', '4104685864'],
      siteId: '486',
      sipPeerId: '500025',
    });

    expect(result).toEqual({
      importable: ['3032281000'],
      rejected: [
        {
          code: '19006',
          description: 'Bandwidth numbers cannot be imported by this account at this time.',
          telephoneNumbers: ['4109235436', '4104685864'],
        },
      ],
    });
    expect(bandwidth.requests).toHaveLength(1);
    const [request] = bandwidth.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(bandwidth.accountPath('/importTnChecker'));
    expect(request?.text).toBe(fixture('import-tn-checker-request.xml'));
    expect(request?.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(request?.headers['authorization']).toBe(BASIC_HEADER);
  });

  test('leaves SiteId and SipPeerId out when not given', async () => {
    bandwidth.onAccount('POST', '/importTnChecker', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-checker-response.xml'),
    });

    await bandwidth.client().checkImportability({ telephoneNumbers: ['3032281000'] });

    expect(bandwidth.requests[0]?.text).toBe(
      '<ImportTnCheckerPayload>\n<TelephoneNumbers>\n<TelephoneNumber>3032281000</TelephoneNumber>\n</TelephoneNumbers>\n</ImportTnCheckerPayload>\n',
    );
  });

  test('keeps leading zeros and reads a single number like a list', async () => {
    bandwidth.onAccount('POST', '/importTnChecker', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-checker-leading-zeros.xml'),
    });

    const result = await bandwidth.client().checkImportability({ telephoneNumbers: ['0195551234', '0012345678'] });

    expect(result.importable).toEqual(['0195551234']);
    expect(result.rejected).toEqual([
      { code: '19001', description: 'Telephone number is not in service.', telephoneNumbers: ['0012345678'] },
    ]);
    expect(bandwidth.requests[0]?.text).toContain('<TelephoneNumber>0195551234</TelephoneNumber>');
  });

  test('an answer with no importable numbers gives an empty list and every reject', async () => {
    bandwidth.onAccount('POST', '/importTnChecker', {
      status: 200,
      headers: XML_HEADERS,
      body: fixture('import-tn-checker-nothing-importable.xml'),
    });

    const result = await bandwidth.client().checkImportability({ telephoneNumbers: ['4109235436', '7195550001'] });

    expect(result.importable).toEqual([]);
    expect(result.rejected.map((error) => [error.code, error.telephoneNumbers])).toEqual([
      ['19006', ['4109235436']],
      ['19005', ['7195550001']],
    ]);
  });

  test('an empty list is answered without calling Bandwidth (which would answer 400)', async () => {
    await expect(bandwidth.client().checkImportability({ telephoneNumbers: [] })).resolves.toEqual({
      importable: [],
      rejected: [],
    });
    expect(bandwidth.requests).toHaveLength(0);
  });

  test('more than 5000 numbers go out in sequential chunks, merged with rejects grouped by code', async () => {
    const numbers = Array.from({ length: 12_001 }, (_, index) => String(2_000_000_000 + index));
    const bannedArea = (tn: string) => tn.endsWith('7');
    const notInService = (tn: string) => tn.endsWith('3');
    let inFlight = 0;
    let maxInFlight = 0;
    bandwidth.onAccount('POST', '/importTnChecker', async (request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const asked = [...request.text.matchAll(/<TelephoneNumber>(\d+)<\/TelephoneNumber>/g)].map(
        (match) => match[1] ?? '',
      );
      const list = (tns: string[]) => tns.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('');
      const error = (code: string, description: string, tns: string[]) =>
        tns.length === 0
          ? ''
          : `<ImportTnError><Code>${code}</Code><Description>${description}</Description><TelephoneNumbers>${list(tns)}</TelephoneNumbers></ImportTnError>`;
      const body =
        `<ImportTnCheckerResponse><ImportTnCheckerPayload><TelephoneNumbers>${list(asked.filter((tn) => !bannedArea(tn) && !notInService(tn)))}</TelephoneNumbers>` +
        `<ImportTnErrors>${error('19006', 'Bandwidth numbers cannot be imported by this account at this time.', asked.filter(bannedArea))}` +
        `${error('19001', 'Not in service.', asked.filter(notInService))}</ImportTnErrors></ImportTnCheckerPayload></ImportTnCheckerResponse>`;
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return { status: 200, headers: XML_HEADERS, body };
    });

    const result = await bandwidth.client().checkImportability({ telephoneNumbers: numbers, siteId: '486' });

    const sentCounts = bandwidth.requests.map((request) => (request.text.match(/<TelephoneNumber>/g) ?? []).length);
    expect(sentCounts).toEqual([MAX_NUMBERS_PER_CHECK, MAX_NUMBERS_PER_CHECK, 2_001]);
    expect(maxInFlight).toBe(1);
    expect(bandwidth.requests.every((request) => request.text.includes('<SiteId>486</SiteId>'))).toBe(true);
    expect(result.importable).toEqual(numbers.filter((tn) => !bannedArea(tn) && !notInService(tn)));
    expect(result.rejected).toHaveLength(2);
    expect(result.rejected[0]).toEqual({
      code: '19006',
      description: 'Bandwidth numbers cannot be imported by this account at this time.',
      telephoneNumbers: numbers.filter(bannedArea),
    });
    expect(result.rejected[1]?.code).toBe('19001');
    expect(result.rejected[1]?.telephoneNumbers).toEqual(numbers.filter(notInService));
  });

  test('a 400 with repeated sibling <Errors> is a permanent error carrying every code', async () => {
    bandwidth.onAccount('POST', '/importTnChecker', {
      status: 400,
      headers: XML_HEADERS,
      body: fixture('error-sibling-errors.xml'),
    });

    const error = await rejectionOf(
      bandwidth.client().checkImportability({ telephoneNumbers: ['303228100', '12345'] }),
    );

    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      name: 'BandwidthError',
      code: 'BANDWIDTH_BAD_REQUEST',
      status: 400,
      retryable: false,
      endpoint: 'POST /importTnChecker',
      errors: [
        { code: '7201', description: '303228100 is not a valid NANPA telephone number.', telephoneNumbers: [] },
        { code: '7201', description: '12345 is not a valid NANPA telephone number.', telephoneNumbers: [] },
      ],
    });
    expect(error.message).toContain('7201');
  });
});
