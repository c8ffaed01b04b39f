import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import type { RequestItem } from './request-items.js';

/**
 * The CSV format of `hostflow start`: one row per number, rows grouped into one request per
 * customerOrderId (which becomes the request id). Columns, by header name, in any order:
 */
export const CSV_COLUMNS = [
  'customerOrderId',
  'telephoneNumber',
  'siteId',
  'sipPeerId',
  'subscriberName',
  'houseNumber',
  'streetName',
  'city',
  'stateCode',
  'zip',
  'county',
  'loaAuthorizingPerson',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

/** May be left out of the header (siteId falls back to BANDWIDTH_SITE_ID on the server). */
const OPTIONAL_COLUMNS: readonly Column[] = ['siteId', 'sipPeerId', 'county'];

/** The request fields every row of a group must agree on. */
const SHARED_COLUMNS = CSV_COLUMNS.filter((c) => c !== 'telephoneNumber' && c !== 'customerOrderId');

/** Body path → CSV column, to name the column of a validation error. */
const COLUMN_OF_PATH: Record<string, Column> = {
  siteId: 'siteId',
  sipPeerId: 'sipPeerId',
  'subscriber.name': 'subscriberName',
  'subscriber.serviceAddress.houseNumber': 'houseNumber',
  'subscriber.serviceAddress.streetName': 'streetName',
  'subscriber.serviceAddress.city': 'city',
  'subscriber.serviceAddress.stateCode': 'stateCode',
  'subscriber.serviceAddress.zip': 'zip',
  'subscriber.serviceAddress.county': 'county',
  loaAuthorizingPerson: 'loaAuthorizingPerson',
  customerOrderId: 'customerOrderId',
};

interface Row {
  line: number;
  values: Record<Column, string>;
}

function readRows(text: string, file: string): Row[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let header: string[] = [];
  try {
    records = parse(text, {
      bom: true,
      columns: (names: string[]) => (header = names.map((n) => n.trim())),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    throw new InputError(`${file}: not a valid CSV file: ${(error as Error).message}`, { cause: error });
  }
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0)
    throw new InputError(
      `${file}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (columns are ${CSV_COLUMNS.join(',')})`,
    );
  const missing = CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !header.includes(c));
  if (missing.length > 0)
    throw new InputError(
      `${file}: the header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (columns are ${CSV_COLUMNS.join(',')})`,
    );
  if (records.length === 0) throw new InputError(`${file}: holds a header but no rows`);
  return records.map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(CSV_COLUMNS.map((c) => [c, record[c] ?? ''])) as Record<Column, string>,
  }));
}

function bodyOf(first: Row, rows: Row[]): Record<string, unknown> {
  const v = first.values;
  const optional = (value: string) => (value === '' ? undefined : value);
  return {
    customerOrderId: v.customerOrderId,
    telephoneNumbers: rows.map((r) => r.values.telephoneNumber),
    siteId: optional(v.siteId),
    sipPeerId: optional(v.sipPeerId),
    subscriber: {
      name: v.subscriberName,
      serviceAddress: {
        houseNumber: v.houseNumber,
        streetName: v.streetName,
        city: v.city,
        stateCode: v.stateCode,
        zip: v.zip,
        county: optional(v.county),
      },
    },
    loaAuthorizingPerson: v.loaAuthorizingPerson,
  };
}

/** Reads the CSV into one request per customerOrderId, in the order the ids first appear. */
export function requestsFromCsv(text: string, file: string): RequestItem[] {
  const groups = new Map<string, Row[]>();
  for (const row of readRows(text, file)) {
    const id = row.values.customerOrderId;
    if (!id)
      throw new InputError(`${file} line ${row.line}: customerOrderId is empty (it groups the rows into requests)`);
    if (!row.values.telephoneNumber) throw new InputError(`${file} line ${row.line}: telephoneNumber is empty`);
    const group = groups.get(id);
    if (!group) {
      groups.set(id, [row]);
      continue;
    }
    const first = group[0]!;
    for (const column of SHARED_COLUMNS) {
      if (row.values[column] !== first.values[column]) {
        throw new InputError(
          `${file} line ${row.line}: ${column} ${JSON.stringify(row.values[column])} differs from ${JSON.stringify(first.values[column])} on line ${first.line}; ` +
            `rows of customerOrderId ${id} must agree on every column but telephoneNumber`,
        );
      }
    }
    group.push(row);
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const label = `${file} line ${first.line}`;
    return {
      label: `${file} customerOrderId ${first.values.customerOrderId}`,
      body: bodyOf(first, rows),
      locate: (path) => {
        const number = /^telephoneNumbers\[(\d+)\]$/.exec(path);
        if (number) return `${file} line ${rows[Number(number[1])]?.line ?? first.line}: telephoneNumber`;
        const column = COLUMN_OF_PATH[path];
        return column ? `${label}: ${column}` : `${label}: ${path}`;
      },
    };
  });
}
