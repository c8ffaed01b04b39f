import fc from 'fast-check';
import { normaliseTelephoneNumber } from '../../api/telephone-numbers.js';
import { LOA_CONTENT_TYPES } from '../../bandwidth/index.js';

/*
 * Generators shared by the property tests: valid hosting-request bodies as a backend team could
 * write them, invalid telephone numbers of every near-miss kind, and XML text with its escapes.
 */

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

/** A NANP number in its ten-digit form: area code and exchange start 2-9, and the area code is no N11 service code. */
export const tenDigitNumber = fc
  .tuple(
    fc.constantFrom(...'23456789'),
    digits(2).filter((rest) => rest !== '11'),
    fc.constantFrom(...'23456789'),
    digits(6),
  )
  .map((parts) => parts.join(''));

/** How a caller may write one: ten digits or E.164, maybe with stray spaces around it. */
export const writtenNumber = (tn: string) =>
  fc
    .tuple(fc.constantFrom(tn, `+1${tn}`), fc.constantFrom('', ' ', '\t'), fc.constantFrom('', ' ', '\n'))
    .map(([form, before, after]) => `${before}${form}${after}`);

/** Strings hostflow must refuse as a telephone number: near misses first, then anything at all. */
export const invalidNumberString = fc
  .oneof(
    tenDigitNumber.map((tn) => tn.slice(1)), // nine digits
    fc.tuple(tenDigitNumber, digits(1)).map(([tn, d]) => `${tn}${d}`), // eleven digits
    tenDigitNumber.map((tn) => `1${tn}`), // country code without the plus
    tenDigitNumber.map((tn) => `+${tn}`), // a plus without the country code
    tenDigitNumber.map((tn) => `+44${tn}`), // another country
    fc.tuple(fc.constantFrom('0', '1'), tenDigitNumber).map(([d, tn]) => `${d}${tn.slice(1)}`), // area code 0xx/1xx
    fc.tuple(fc.constantFrom('0', '1'), tenDigitNumber).map(([d, tn]) => `${tn.slice(0, 3)}${d}${tn.slice(4)}`), // exchange 0xx/1xx
    fc.tuple(fc.constantFrom(...'23456789'), tenDigitNumber).map(([d, tn]) => `${d}11${tn.slice(3)}`), // N11 service code as area code
    tenDigitNumber.map((tn) => `${tn.slice(0, 3)}-${tn.slice(3, 6)}-${tn.slice(6)}`), // punctuation
    tenDigitNumber.map((tn) => `(${tn.slice(0, 3)}) ${tn.slice(3)}`),
    tenDigitNumber.map((tn) => [...tn].map((d) => String.fromCharCode(0xff10 + Number(d))).join('')), // full-width digits
    tenDigitNumber.map((tn) => `${tn.slice(0, 5)} ${tn.slice(5)}`), // a space inside
    fc.constant(''),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  )
  .filter((candidate) => normaliseTelephoneNumber(candidate) === undefined);

/** Entries of the wrong JSON type where a number string belongs. */
export const nonStringEntry = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

/** Text a required field accepts: at least one non-space character, at most `max` once trimmed. */
const requiredText = (max: number) =>
  fc
    .string({
      unit: fc.oneof(
        fc.constant(' '),
        fc.constantFrom(..."aZ09.-&'"),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
      minLength: 1,
      maxLength: max,
    })
    .filter((text) => text.trim().length >= 1 && text.trim().length <= max);

const customerOrderId = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019- '), minLength: 1, maxLength: 40 })
  .filter((id) => id.trim() === id && !/-\d+of\d+$/.test(id));

const numericId = fc.oneof(digits(5), fc.nat({ max: 99_999_999 }));

export interface ValidBody {
  body: Record<string, unknown>;
  /** The ten-digit numbers the API must keep, in order. */
  expectedNumbers: string[];
}

/** A body the API must accept, with the numbers it must come out with. */
export const validBody: fc.Arbitrary<ValidBody> = fc
  .uniqueArray(tenDigitNumber, { minLength: 1, maxLength: 8 })
  .chain((numbers) =>
    fc
      .record(
        {
          telephoneNumbers: fc.tuple(...numbers.map(writtenNumber)),
          siteId: numericId,
          sipPeerId: numericId,
          subscriber: fc.record(
            {
              name: requiredText(45),
              serviceAddress: fc.record(
                {
                  houseNumber: requiredText(20),
                  streetName: requiredText(100),
                  city: requiredText(100),
                  stateCode: fc.string({ unit: fc.constantFrom(...'ACOTXnyca'), minLength: 2, maxLength: 2 }),
                  zip: fc.oneof(
                    digits(5),
                    fc.tuple(digits(5), digits(4)).map(([a, b]) => `${a}-${b}`),
                  ),
                  county: requiredText(100),
                },
                { requiredKeys: ['houseNumber', 'streetName', 'city', 'stateCode', 'zip'] },
              ),
            },
            { requiredKeys: ['name', 'serviceAddress'] },
          ),
          loaAuthorizingPerson: requiredText(100),
          customerOrderId,
          loa: fc.record({
            contentType: fc.constantFrom(...LOA_CONTENT_TYPES),
            filename: requiredText(60).filter((name) => !/[/\\\0]/.test(name)),
            data: fc.uint8Array({ minLength: 1, maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64')),
          }),
        },
        { requiredKeys: ['telephoneNumbers', 'subscriber', 'loaAuthorizingPerson'] },
      )
      .map((body) => ({ body: body as Record<string, unknown>, expectedNumbers: numbers })),
  );

/**
 * Characters XML 1.0 allows in text, some written as references: what a real notification may hold.
 * Carriage returns are left out (XML normalises line ends) as are leading/trailing spaces (values are trimmed).
 */
const xmlTextChar = fc
  .oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ0123456789 -_.:/') },
    { weight: 2, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n') },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  )
  // XML 1.0 forbids these characters outright.
  // eslint-disable-next-line no-control-regex
  .filter((c) => !/[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]/.test(c));

export const xmlText = fc
  .string({ unit: xmlTextChar, minLength: 1, maxLength: 40 })
  .filter((t) => t.trim() === t && t.length > 0);

/** Escapes text for an XML element, choosing per character between entities and numeric references. */
export const escapedXml = (text: string) =>
  fc
    .array(fc.constantFrom<'entity' | 'decimal' | 'hex'>('entity', 'decimal', 'hex'), {
      minLength: text.length,
      maxLength: text.length,
    })
    .map((styles) =>
      [...text]
        .map((c, i) => {
          const style = styles[i] ?? 'entity';
          const special = c === '&' || c === '<' || c === '>';
          if (!special && style === 'entity') return c;
          if (style === 'entity') return c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;';
          const code = c.codePointAt(0)!;
          return style === 'decimal' ? `&#${code};` : `&#x${code.toString(16)};`;
        })
        .join(''),
    );
