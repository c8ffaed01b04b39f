import { parseXml, sandboxFixture } from './helpers.js';
import { SEED_CHECKER_ANSWER, SEED_CHECKER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const checkerRequest = (numbers: string[]) =>
  `<ImportTnCheckerPayload><TelephoneNumbers>${numbers.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('')}</TelephoneNumbers></ImportTnCheckerPayload>`;

describe('importTnChecker', () => {
  test("the seed's request gets the seed's answer", async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnChecker', SEED_CHECKER_REQUEST);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(answer.text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
    expect(answer.xml).toEqual(parseXml(SEED_CHECKER_ANSWER));
  });

  test('numbers ending 9999 pass the check; only area code 410 is refused', async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnChecker', checkerRequest(['3032289999', '9195041533']));
    expect(answer.status).toBe(200);
    const payload = answer.xml.ImportTnCheckerResponse.ImportTnCheckerPayload;
    expect(payload.TelephoneNumbers.TelephoneNumber).toEqual(['3032289999', '9195041533']);
    expect(payload.ImportTnErrors).toBeUndefined();
  });

  test('invalid and duplicate numbers are refused with one sibling Errors element each (7201, 1009)', async () => {
    const caller = await fixture.start();
    const answer = await caller.post(
      'importTnChecker',
      checkerRequest(['303228100', '3032281000', '3032281000', '1032281000']),
    );
    expect(answer.status).toBe(400);
    const errors = answer.xml.ImportTnCheckerResponse.Errors;
    expect(errors).toEqual([
      { Code: '7201', Description: '303228100 is not a valid NANPA telephone number.' },
      { Code: '1009', Description: "'3032281000' is duplicated" },
      { Code: '7201', Description: '1032281000 is not a valid NANPA telephone number.' },
    ]);
  });

  test('an empty list (7316) and more than 5000 numbers (7314) are refused', async () => {
    const caller = await fixture.start();
    const empty = await caller.post(
      'importTnChecker',
      '<ImportTnCheckerPayload><TelephoneNumbers/></ImportTnCheckerPayload>',
    );
    expect(empty.status).toBe(400);
    expect(empty.xml.ImportTnCheckerResponse.Errors[0]).toEqual({
      Code: '7316',
      Description: 'At least one telephone number must be provided.',
    });
    const many = Array.from({ length: 5001 }, (_, i) => `30322${String(i).padStart(5, '0')}`);
    const tooMany = await caller.post('importTnChecker', checkerRequest(many));
    expect(tooMany.status).toBe(400);
    expect(tooMany.xml.ImportTnCheckerResponse.Errors[0]).toEqual({
      Code: '7314',
      Description: 'The number of telephone numbers provided exceeds the maximum 5000',
    });
  });

  test('5000 numbers are still checked in one call', async () => {
    const caller = await fixture.start();
    const numbers = Array.from({ length: 5000 }, (_, i) => `30322${String(i).padStart(5, '0')}`);
    const answer = await caller.post('importTnChecker', checkerRequest(numbers));
    expect(answer.status).toBe(200);
    expect(answer.xml.ImportTnCheckerResponse.ImportTnCheckerPayload.TelephoneNumbers.TelephoneNumber).toHaveLength(
      5000,
    );
  });

  test('malformed XML, a DOCTYPE and the wrong document are 400 with a Bandwidth error body', async () => {
    const caller = await fixture.start();
    const malformed = await caller.post('importTnChecker', '<ImportTnCheckerPayload><TelephoneNumbers>');
    expect(malformed.status).toBe(400);
    expect(malformed.xml.ImportTnCheckerResponse.ResponseStatus.ErrorCode).toBe('1019');
    const doctype = await caller.post(
      'importTnChecker',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "3032281000">]><ImportTnCheckerPayload><TelephoneNumbers><TelephoneNumber>&a;</TelephoneNumber></TelephoneNumbers></ImportTnCheckerPayload>',
    );
    expect(doctype.status).toBe(400);
    expect(doctype.xml.ImportTnCheckerResponse.ResponseStatus.Description).toMatch(/DOCTYPE/);
    const wrongRoot = await caller.post('importTnChecker', '<ImportTnOrder/>');
    expect(wrongRoot.status).toBe(400);
    expect(wrongRoot.xml.ImportTnCheckerResponse.ResponseStatus.Description).toMatch(/ImportTnCheckerPayload/);
  });

  test('a body over 1 MiB is refused with 413', async () => {
    const caller = await fixture.start();
    const answer = await caller.post(
      'importTnChecker',
      `<ImportTnCheckerPayload>${' '.repeat(1024 * 1024 + 1)}</ImportTnCheckerPayload>`,
    );
    expect(answer.status).toBe(413);
    expect(answer.xml.ImportTnCheckerResponse.ResponseStatus).toEqual({
      ErrorCode: '1011',
      Description: 'The request body is too long. Max length 1mb characters',
    });
  });

  test('numbers keep leading zeros and stay strings', async () => {
    const caller = await fixture.start();
    const answer = await caller.post('importTnChecker', checkerRequest(['0195551234']));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('0195551234 is not a valid NANPA telephone number.');
  });
});
