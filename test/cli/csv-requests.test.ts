import { requestsFromCsv } from '../../cli/input/csv-requests.js';
import { validateRequests } from '../../cli/input/validate-requests.js';

const HEADER =
  'customerOrderId,telephoneNumber,siteId,sipPeerId,subscriberName,houseNumber,streetName,city,stateCode,zip,county,loaAuthorizingPerson';
const ROW = '14413,,ABC Inc.,11235,Back,Denver,CO,27541,,Mark Macchioni';

describe('the CSV input of hostflow start', () => {
  test('rows become one request per customerOrderId, in order of first appearance, with empty optional columns left out', () => {
    const text = `\uFEFF${HEADER}\r\nord-b,3032281000,${ROW}\r\nord-a,+13032281001,14413,521952,XYZ LLC,1,Main,Boulder,CO,80301,Boulder,Jane Doe\r\n\r\nord-b,3032281002,${ROW}\r\n`;
    const items = requestsFromCsv(text, 'in.csv');
    expect(items.map((i) => i.body)).toEqual([
      {
        customerOrderId: 'ord-b',
        telephoneNumbers: ['3032281000', '3032281002'],
        siteId: '14413',
        sipPeerId: undefined,
        subscriber: {
          name: 'ABC Inc.',
          serviceAddress: {
            houseNumber: '11235',
            streetName: 'Back',
            city: 'Denver',
            stateCode: 'CO',
            zip: '27541',
            county: undefined,
          },
        },
        loaAuthorizingPerson: 'Mark Macchioni',
      },
      {
        customerOrderId: 'ord-a',
        telephoneNumbers: ['+13032281001'],
        siteId: '14413',
        sipPeerId: '521952',
        subscriber: {
          name: 'XYZ LLC',
          serviceAddress: {
            houseNumber: '1',
            streetName: 'Main',
            city: 'Boulder',
            stateCode: 'CO',
            zip: '80301',
            county: 'Boulder',
          },
        },
        loaAuthorizingPerson: 'Jane Doe',
      },
    ]);
    // A problem with the second number of ord-b points at its own line (5, after the blank one).
    expect(items[0]!.locate('telephoneNumbers[1]')).toBe('in.csv line 5: telephoneNumber');
    expect(items[0]!.locate('subscriber.serviceAddress.zip')).toBe('in.csv line 2: zip');
  });

  test('columns may come in any order, and siteId, sipPeerId and county may be left out', () => {
    const text =
      'telephoneNumber,customerOrderId,loaAuthorizingPerson,zip,stateCode,city,streetName,houseNumber,subscriberName\n3032281000,ord-1,Mark,27541,CO,Denver,Back,1,ABC\n';
    expect(requestsFromCsv(text, 'in.csv')[0]!.body).toMatchObject({
      customerOrderId: 'ord-1',
      telephoneNumbers: ['3032281000'],
      siteId: undefined,
      subscriber: { name: 'ABC' },
    });
  });

  test.each([
    [
      'a missing column',
      `customerOrderId,telephoneNumber,siteId\nord,3032281000,1\n`,
      /^in\.csv: the header lacks columns subscriberName, houseNumber, streetName, city, stateCode, zip, loaAuthorizingPerson \(columns are customerOrderId,/,
    ],
    [
      'an unknown column',
      `${HEADER},colour\nord,3032281000,${ROW},red\n`,
      /^in\.csv: unknown column colour \(columns are /,
    ],
    ['a header without rows', `${HEADER}\n`, /^in\.csv: holds a header but no rows$/],
    [
      'an empty customerOrderId',
      `${HEADER}\nord,3032281000,${ROW}\n,3032281001,${ROW}\n`,
      /^in\.csv line 3: customerOrderId is empty/,
    ],
    ['an empty telephoneNumber', `${HEADER}\nord,,${ROW}\n`, /^in\.csv line 2: telephoneNumber is empty$/],
    ['a row with too few fields', `${HEADER}\nord,3032281000,14413\n`, /^in\.csv: not a valid CSV file: .*line 2/],
    [
      'rows of one request that disagree',
      `${HEADER}\nord,3032281000,${ROW}\nord,3032281001,${ROW.replace('Back', 'Front')}\n`,
      /^in\.csv line 3: streetName "Front" differs from "Back" on line 2; rows of customerOrderId ord must agree/,
    ],
  ])('refuses %s in one line saying where', (_what, text, message) => {
    let error: unknown;
    try {
      requestsFromCsv(text, 'in.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'InputError', code: 'HOSTFLOW_INPUT_INVALID', exitCode: 1 });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('validation with the API schema names the CSV line and column of each problem, at most three of them', async () => {
    const text = `${HEADER}\nord-1,3032281000,${ROW}\nord-1,12,${ROW}\nord-2,3032281003,14413,,ABC,1,Back,Denver,Colorado,2754,,Mark\n`;
    await expect(validateRequests(requestsFromCsv(text, 'in.csv'))).rejects.toThrow(
      'in.csv line 3: telephoneNumber "12" is not a 10-digit NANP number or +1 E.164 number; in.csv line 4: stateCode must be a two-letter state code; in.csv line 4: zip must be a 5-digit ZIP code (or ZIP+4) — nothing was started',
    );
    await expect(
      validateRequests(requestsFromCsv(`${HEADER}\nord-1,3032281000,${ROW}\n`, 'in.csv')),
    ).resolves.toBeUndefined();
  });
});
