import { z } from 'zod';
import { XML_ENCODINGS } from './xml-encoding.js';

/** Endpoints a fault can target, by the name the admin API uses. */
export const FAULT_ENDPOINTS = [
  'importTnChecker',
  'createOrder',
  'getOrder',
  'listOrders',
  'orderHistory',
  'uploadLoa',
  'listLoas',
  'subscriptions',
  'createRemoval',
  'getRemoval',
  'listRemovals',
  'token',
  'inServiceNumber',
  'listInServiceNumbers',
  'createTnOption',
  'getTnOption',
  'listTnOptions',
] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

const rate = z.number().min(0).max(1);
const milliseconds = z.number().int().min(0).max(600_000);
const errorStatus = z.number().int().min(400).max(599);
/** How long a fault lasts after the configuration is set ("for a stretch"). */
const stretch = z.number().int().min(1).max(3_600_000);

const endpointFaultSchema = z.strictObject({
  /** Share of calls answered with `status` and nothing done. */
  errorRate: rate.default(0),
  status: errorStatus.default(500),
  /** Added before every call of the endpoint. */
  latencyMs: milliseconds.default(0),
  /** Share of calls held without an answer for `hangMs`, then cut off. */
  hangRate: rate.default(0),
  hangMs: milliseconds.default(40_000),
  /** When set, the fault stops by itself this long after the configuration was set. */
  forMs: stretch.optional(),
});

const rateLimitSchema = z.strictObject({
  endpoint: z.enum(FAULT_ENDPOINTS),
  /** Calls allowed per window. */
  burst: z.number().int().min(0),
  /** Window length; the window starts at its first call. */
  resetAfterMs: z.number().int().min(1).max(3_600_000),
});

export const faultConfigSchema = z.strictObject({
  /** PRNG seed; the same seed and call sequence inject the same faults. Random when absent. */
  seed: z.number().int().optional(),
  endpoints: z.partialRecord(z.enum(FAULT_ENDPOINTS), endpointFaultSchema).optional(),
  rateLimit: z.union([rateLimitSchema, z.array(rateLimitSchema)]).optional(),
  /** Creates the order, then answers `status` instead of 201. */
  createOrderErrorAfterCommit: z.strictObject({ rate, status: errorStatus.default(500) }).optional(),
  notifications: z
    .strictObject({
      /** Terminal notification not sent at all. */
      dropRate: rate.default(0),
      /** Terminal notification sent twice. */
      duplicateRate: rate.default(0),
      /** A stale PROCESSING notification sent after the terminal one. */
      reorderRate: rate.default(0),
      /** The order ends at once and its terminal notification is sent before the create call answers. */
      earlyRate: rate.default(0),
      /** Share of orders that get a note-only notification (a `<Note>`, no `<Status>`) as they start processing. */
      noteRate: rate.default(0),
      /** Share of orders that notify `PROCESSING` when they start processing (the older docs list it). */
      processingRate: rate.default(0),
      /** Which list a MESSAGING_LOST event names its numbers in: the docs' or the RAML's. */
      messagingLostList: z
        .enum(['ImpactedTelephoneNumbers', 'CompletedTelephoneNumbers'])
        .default('ImpactedTelephoneNumbers'),
    })
    .optional(),
  auth: z
    .strictObject({
      /** Every Basic-authenticated API call answers 401, as after Bandwidth removed legacy API users (2 Dec 2026). */
      refuseBasic: z.boolean().default(false),
      /** Every API call and token request answers 401 for this long after the configuration is set. */
      unauthorizedForMs: stretch.optional(),
    })
    .optional(),
  /** XML answers in another encoding (declared in the XML declaration and the Content-Type). */
  xml: z.strictObject({ encoding: z.enum(XML_ENCODINGS) }).optional(),
  /** The account without the import API: checks and import orders are refused with 5149. */
  account: z.strictObject({ importDisabled: z.boolean().default(false) }).optional(),
  orderProcessing: z
    .strictObject({
      /** Replaces the sandbox's own step delay while set. */
      stepDelayMs: milliseconds.optional(),
      /** Share of orders whose last step takes `slowMs` longer. */
      slowRate: rate.default(0),
      slowMs: milliseconds.default(0),
    })
    .optional(),
});

/** What a caller sends (defaults may be left out). */
export type FaultConfigInput = z.input<typeof faultConfigSchema>;
/** The active configuration, defaults filled in. */
export type FaultConfig = z.output<typeof faultConfigSchema>;

export class FaultConfigError extends Error {
  override readonly name = 'FaultConfigError';
  readonly code = 'INVALID_FAULT_CONFIG';
  readonly issues: Array<{ path: string; message: string }>;

  constructor(issues: Array<{ path: string; message: string }>, cause: unknown) {
    super(
      `Invalid fault configuration: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`,
      {
        cause,
      },
    );
    this.issues = issues;
  }
}

export function parseFaultConfig(input: unknown): FaultConfig {
  const result = faultConfigSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new FaultConfigError(issues, result.error);
  }
  return result.data;
}
