import fc from 'fast-check';
import {
  createHostingRequestSchema,
  listQuerySchema,
  loaSchema,
  validationErrors,
} from '../../api/hosting-request-schema.js';
import { normaliseTelephoneNumber } from '../../api/telephone-numbers.js';
import { invalidNumberString, nonStringEntry, tenDigitNumber, validBody, writtenNumber } from './arbitraries.js';

/*
 * Properties of request validation, the first thing an outsider's input meets. The schema must
 * answer every input with success or failure (never throw), accept every valid body, and name
 * each bad telephone number at its own index.
 */

const RUNS = { numRuns: 150 };
const parse = (body: unknown) => createHostingRequestSchema.safeParse(body, { reportInput: true });

/** Puts `value` at a random place inside a valid body: the shape an attacker edits most. */
function replaceSomewhere(body: Record<string, unknown>, pathChoice: number, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, unknown>;
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    paths.push(path);
    if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(copy, []);
  const path = paths[pathChoice % paths.length]!;
  if (path.length === 0) return value as Record<string, unknown>;
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

describe('request validation, for any input', () => {
  test('arbitrary JSON never throws: it is accepted or refused with named paths', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const result = parse(input);
        if (!result.success) {
          const errors = validationErrors(result.error);
          expect(errors.length).toBeGreaterThan(0);
          for (const error of errors) {
            expect(typeof error.path).toBe('string');
            expect(error.message.length).toBeGreaterThan(0);
          }
        }
      }),
      RUNS,
    );
  });

  test('a valid body with any one value replaced by arbitrary JSON never throws', () => {
    fc.assert(
      fc.property(validBody, fc.nat(), fc.jsonValue({ maxDepth: 3 }), ({ body }, where, value) => {
        const result = parse(replaceSomewhere(body, where, value));
        if (!result.success) expect(validationErrors(result.error).every((e) => e.path.length > 0)).toBe(true);
      }),
      RUNS,
    );
  });

  test('the LOA and list-query schemas never throw on arbitrary input either', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.dictionary(
          fc.constantFrom('status', 'telephoneNumber', 'limit', 'pageToken', 'x'),
          fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 })),
        ),
        (loa, query) => {
          expect(typeof loaSchema.safeParse(loa).success).toBe('boolean');
          expect(typeof listQuerySchema.safeParse(query).success).toBe('boolean');
        },
      ),
      RUNS,
    );
  });
});

describe('valid bodies', () => {
  test('always pass, with every number normalised to its ten digits in the order given', () => {
    fc.assert(
      fc.property(validBody, ({ body, expectedNumbers }) => {
        const result = parse(body);
        if (!result.success) throw new Error(`refused: ${JSON.stringify(validationErrors(result.error))}`);
        expect(result.data.telephoneNumbers).toEqual(expectedNumbers);
        for (const tn of result.data.telephoneNumbers) expect(tn).toMatch(/^[2-9]\d{2}[2-9]\d{6}$/);
        expect(result.data.subscriber.serviceAddress.stateCode).toMatch(/^[A-Z]{2}$/);
      }),
      RUNS,
    );
  });

  test('normalisation is idempotent and maps E.164 and ten digits to the same number', () => {
    fc.assert(
      fc.property(
        tenDigitNumber.chain((tn) => fc.tuple(fc.constant(tn), writtenNumber(tn))),
        ([tn, written]) => {
          expect(normaliseTelephoneNumber(written)).toBe(tn);
          expect(normaliseTelephoneNumber(tn)).toBe(tn);
          expect(normaliseTelephoneNumber(`+1${tn}`)).toBe(tn);
        },
      ),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string(), (anything) => {
        const once = normaliseTelephoneNumber(anything);
        if (once !== undefined) expect(normaliseTelephoneNumber(once)).toBe(once);
      }),
      RUNS,
    );
  });
});

describe('invalid telephone numbers', () => {
  test('each one is reported at its own index, and no valid one is', () => {
    const withBadEntries = validBody.chain(({ body }) =>
      fc
        .array(
          fc.tuple(
            fc.oneof(
              { weight: 3, arbitrary: invalidNumberString as fc.Arbitrary<unknown> },
              { weight: 1, arbitrary: nonStringEntry as fc.Arbitrary<unknown> },
            ),
            fc.nat(),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        )
        .map((bad) => {
          const numbers = [...(body.telephoneNumbers as unknown[])];
          const badIndices = new Set<number>();
          for (const [entry, where] of bad) {
            const at = where % (numbers.length + 1);
            numbers.splice(at, 0, entry);
            // Indices after the insertion point move up by one.
            const shifted = [...badIndices].map((i) => (i >= at ? i + 1 : i));
            badIndices.clear();
            for (const i of shifted) badIndices.add(i);
            badIndices.add(at);
          }
          return { body: { ...body, telephoneNumbers: numbers }, badIndices };
        }),
    );
    fc.assert(
      fc.property(withBadEntries, ({ body, badIndices }) => {
        const result = parse(body);
        expect(result.success).toBe(false);
        if (result.success) return;
        const reported = new Set(
          validationErrors(result.error)
            .map((e) => /^telephoneNumbers\[(\d+)\]$/.exec(e.path)?.[1])
            .filter((i): i is string => i !== undefined)
            .map(Number),
        );
        expect([...reported].sort((a, b) => a - b)).toEqual([...badIndices].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  test('the E.164 and ten-digit forms of one number are duplicates, reported at the later index', () => {
    const body = {
      subscriber: {
        name: 'ABC Inc.',
        serviceAddress: { houseNumber: '1', streetName: 'Back', city: 'Denver', stateCode: 'CO', zip: '27541' },
      },
      loaAuthorizingPerson: 'M',
    };
    fc.assert(
      fc.property(
        fc.uniqueArray(tenDigitNumber, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        (numbers, pick, e164First) => {
          const tn = numbers[pick % numbers.length]!;
          const list = [...numbers, e164First ? tn : `+1${tn}`];
          list[numbers.indexOf(tn)] = e164First ? `+1${tn}` : tn;
          const result = parse({ ...body, telephoneNumbers: list });
          expect(result.success).toBe(false);
          if (result.success) return;
          expect(validationErrors(result.error)).toEqual([
            {
              path: `telephoneNumbers[${list.length - 1}]`,
              message: `${tn} repeats telephoneNumbers[${numbers.indexOf(tn)}]`,
            },
          ]);
        },
      ),
      RUNS,
    );
  });

  test('a wrong type is named as such, not as a missing field', () => {
    fc.assert(
      fc.property(
        validBody,
        fc.constantFrom('telephoneNumbers', 'loaAuthorizingPerson', 'subscriber'),
        fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 1 })),
        ({ body }, field, value) => {
          const result = parse({ ...body, [field]: value });
          expect(result.success).toBe(false);
          if (result.success) return;
          // An array where the list belongs is a list of bad entries, named by index instead.
          if (field === 'telephoneNumbers' && Array.isArray(value)) return;
          const messages = validationErrors(result.error)
            .filter((e) => e.path === field)
            .map((e) => e.message);
          expect(messages.length).toBeGreaterThan(0);
          expect(messages.some((message) => message !== 'is required')).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
    const missing = parse({
      subscriber: {
        name: 'a',
        serviceAddress: { houseNumber: '1', streetName: 's', city: 'c', stateCode: 'CO', zip: '27541' },
      },
    });
    expect(missing.success ? [] : validationErrors(missing.error)).toEqual(
      expect.arrayContaining([
        { path: 'telephoneNumbers', message: 'is required' },
        { path: 'loaAuthorizingPerson', message: 'is required' },
      ]),
    );
  });
});
