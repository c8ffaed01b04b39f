import { z } from 'zod';
import { HOSTING_STATUSES } from '../contract/statuses.js';
import { LOA_CONTENT_TYPES } from '../bandwidth/index.js';
import { normaliseTelephoneNumber } from './telephone-numbers.js';

/** Largest LOA file accepted (decoded). Bandwidth publishes no limit; scanned letters fit well. */
export const MAX_LOA_BYTES = 10 * 1024 * 1024;

/** Bandwidth's CustomerOrderId alphabet and length; hostflow uses it as the request id. */
export const CUSTOMER_ORDER_ID = /^[A-Za-z0-9 -]{1,40}$/;

/**
 * Canonical base64 (padded, length a multiple of 4), checked in linear time: a regular expression
 * with a repeated group backtracks on its own stack and overflows on a file of a few MiB.
 */
export function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const body = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  return /^[A-Za-z0-9+/]*$/.test(body);
}

/** How many bytes base64 text decodes to (without decoding it). */
export function base64DecodedLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/** The longest base64 text of an LOA within MAX_LOA_BYTES. */
export const MAX_LOA_BASE64_LENGTH = Math.ceil(MAX_LOA_BYTES / 3) * 4;

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
const digitsId = z
  .union([z.string().trim(), z.number().int().nonnegative()])
  .transform(String)
  .refine((v) => /^\d{1,20}$/.test(v), 'must be a numeric Bandwidth id');

export const MAX_NUMBERS_PER_REQUEST = 20_000;

/** Documents the accepted forms; the check itself is the superRefine below (it names every bad entry). */
export const TELEPHONE_NUMBER_PATTERN = '^(\\+1)?([2-9][02-9][0-9]|[2-9]1[02-9])[2-9][0-9]{6}$';

const telephoneNumbers = z
  .array(
    z.string().meta({
      pattern: TELEPHONE_NUMBER_PATTERN,
      description: '10-digit NANP number, or E.164 +1XXXXXXXXXX',
      examples: ['3032281000'],
    }),
    {
      error: 'must be a list of telephone numbers',
    },
  )
  .min(1, 'must hold at least one telephone number')
  // The request's view (every number's outcome) is one workflow result, and Temporal caps a
  // payload at 2 MB: 20,000 numbers keep it well under (about 1 MB).
  .max(
    MAX_NUMBERS_PER_REQUEST,
    `must hold at most ${MAX_NUMBERS_PER_REQUEST} telephone numbers; split larger batches over several requests`,
  )
  .superRefine(
    (numbers, ctx) => {
      const seen = new Map<string, number>();
      numbers.forEach((raw: unknown, index) => {
        // A non-string entry already has its own issue from the element schema.
        if (typeof raw !== 'string') return;
        const tn = normaliseTelephoneNumber(raw);
        if (!tn) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `${JSON.stringify(raw)} is not a 10-digit NANP number or +1 E.164 number`,
          });
          return;
        }
        const first = seen.get(tn);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: [index], message: `${tn} repeats telephoneNumbers[${first}]` });
        } else {
          seen.set(tn, index);
        }
      });
    },
    // Runs even when some entry is not a string, so every bad entry is named, not only the first kind.
    { when: (payload) => Array.isArray(payload.value) },
  )
  .transform((numbers) => numbers.map((n) => normaliseTelephoneNumber(n)!));

export const loaSchema = z.object({
  contentType: z.enum(LOA_CONTENT_TYPES, { error: `must be one of ${LOA_CONTENT_TYPES.join(', ')}` }),
  filename: text(255).refine((v) => !/[/\\\0]/.test(v), 'must be a file name without a path'),
  data: z
    .string()
    .min(1, 'must be the base64 file content')
    .refine((v) => isBase64(v), 'must be base64')
    .transform((v) => Buffer.from(v, 'base64'))
    .refine((b) => b.length <= MAX_LOA_BYTES, `must be at most ${MAX_LOA_BYTES} bytes once decoded`),
});

export const createHostingRequestSchema = z.object({
  telephoneNumbers,
  siteId: digitsId.optional(),
  sipPeerId: digitsId.optional(),
  subscriber: z.object({
    name: text(45),
    serviceAddress: z.object({
      houseNumber: text(20),
      streetName: text(100),
      city: text(100),
      stateCode: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, 'must be a two-letter state code')
        .transform((v) => v.toUpperCase()),
      zip: z
        .string()
        .trim()
        .regex(/^\d{5}(?:-\d{4})?$/, 'must be a 5-digit ZIP code (or ZIP+4)'),
      county: text(100).optional(),
    }),
  }),
  loaAuthorizingPerson: text(100),
  customerOrderId: z
    .string()
    .regex(CUSTOMER_ORDER_ID, 'must be 1 to 40 letters, digits, dashes or spaces')
    .refine((v) => v.trim() === v, 'must not start or end with a space')
    .optional(),
  loa: loaSchema.optional(),
});

export type CreateHostingRequestBody = z.infer<typeof createHostingRequestSchema>;

/** `telephoneNumbers[1]`, `subscriber.serviceAddress.stateCode`: the path style of problem details. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

export function validationErrors(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path) || '(body)',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
}

export { HOSTING_STATUSES };

/** `GET /v1/hosting-requests?status=&telephoneNumber=&limit=&pageToken=`. */
export const listQuerySchema = z.object({
  status: z.enum(HOSTING_STATUSES, { error: `must be one of ${HOSTING_STATUSES.join(', ')}` }).optional(),
  telephoneNumber: z
    .string()
    .transform((v, ctx) => {
      const tn = normaliseTelephoneNumber(v);
      if (!tn) ctx.addIssue({ code: 'custom', message: 'is not a 10-digit NANP number or +1 E.164 number' });
      return tn ?? v;
    })
    .optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(50),
  pageToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{22}$/, 'must be a pageToken from an earlier answer')
    .optional(),
});
