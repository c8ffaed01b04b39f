import { z } from 'zod';
import {
  ATTENTION_CODES,
  HOSTING_STATUSES,
  LOA_STATUSES,
  NUMBER_STATUSES,
  ORDER_STATUSES,
} from '../contract/statuses.js';
import type { HostingRequestView } from '../contract/view.js';
import type { NumberRecord } from '../records/number-registry.js';

/**
 * What the API answers, as schemas: the OpenAPI document is generated from them, and the tests
 * check every real answer against them, so the document cannot drift from the code.
 */

const loaView = z.strictObject({
  status: z.enum(LOA_STATUSES),
  filename: z.string().optional(),
  error: z.string().optional(),
});

const removalView = z.strictObject({
  orderId: z.string().nullable(),
  status: z.string(),
  telephoneNumbers: z.array(z.string()),
  error: z.string().optional(),
});

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const links = z.strictObject({ self: z.string() });

export const acceptedSchema = z
  .strictObject({ id: z.string(), workflowId: z.string(), status: z.literal('CHECKING'), links })
  .meta({ id: 'HostingRequestAccepted' });

export const hostingRequestViewSchema = z
  .strictObject({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(HOSTING_STATUSES),
    orderId: z.string().nullable(),
    orderStatus: z.enum(ORDER_STATUSES).nullable(),
    numbers: z.array(
      z.strictObject({
        telephoneNumber: z.string(),
        status: z.enum(NUMBER_STATUSES),
        errorCode: z.string().optional(),
        errorDescription: z.string().optional(),
      }),
    ),
    loa: loaView,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    orders: z.array(
      z.strictObject({
        customerOrderId: z.string(),
        orderId: z.string().nullable(),
        orderStatus: z.enum(ORDER_STATUSES).nullable(),
        telephoneNumbers: z.number().int(),
        status: z.enum(HOSTING_STATUSES).optional().meta({ description: "this order's own progress" }),
        loa: loaView.optional().meta({ description: "this order's LOA (split requests)" }),
        removal: removalView.optional().meta({ description: "this order's un-hosting (split requests)" }),
      }),
    ),
    attention: z
      .strictObject({ code: z.enum(ATTENTION_CODES), message: z.string(), since: z.iso.datetime() })
      .nullable()
      .meta({ description: 'null, or why the request is blocked on something a person must fix' }),
    cancelRequested: z.boolean().optional(),
    removal: removalView.optional(),
    failure: z
      .strictObject({ code: z.string().optional(), message: z.string() })
      .optional()
      .meta({ description: 'why the request ended FAILED for a reason of its own' }),
  })
  .meta({ id: 'HostingRequest' });

// The schema and the workflow's type must describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const viewSchemaMatchesWorkflowType: Same<z.infer<typeof hostingRequestViewSchema>, HostingRequestView> = true;

export const listResponseSchema = z
  .strictObject({
    requests: z.array(
      z.strictObject({
        id: z.string(),
        workflowId: z.string(),
        status: z.string(),
        orderId: z.string().nullable(),
        siteId: z.string().nullable(),
        telephoneNumbers: z.array(z.string()).meta({ description: "the request's first 150 numbers" }),
        startedAt: z.string().nullable(),
        closedAt: z.string().nullable(),
      }),
    ),
    nextPageToken: z.string().nullable(),
  })
  .meta({ id: 'HostingRequestList' });

export const cancelAcceptedSchema = z
  .strictObject({ id: z.string(), status: z.literal('CANCELLING'), links })
  .meta({ id: 'CancelAccepted' });
export const loaAcceptedSchema = z
  .strictObject({ id: z.string(), loa: z.strictObject({ status: z.literal('PENDING') }), links })
  .meta({ id: 'LoaAccepted' });
export const webhookAnswerSchema = z
  .strictObject({ outcome: z.enum(['signalled', 'finished', 'unknown', 'ignored', 'recorded']) })
  .meta({ id: 'WebhookOutcome' });
export const healthSchema = z.strictObject({ status: z.string() }).meta({ id: 'Health' });
export const readinessSchema = z
  .strictObject({
    status: z.string(),
    checks: z.strictObject({ temporal: z.enum(['up', 'down']), database: z.enum(['up', 'down']) }),
  })
  .meta({ id: 'Readiness' });

export const telephoneNumberSchema = z
  .strictObject({
    telephoneNumber: z.string(),
    status: z.enum(NUMBER_STATUSES),
    requestId: z.string(),
    orderId: z.string().nullable(),
    updatedAt: z.iso.datetime(),
    history: z.array(
      z.strictObject({
        at: z.iso.datetime(),
        status: z.enum(NUMBER_STATUSES),
        requestId: z.string(),
        orderId: z.string().nullable(),
        errorCode: z.string().optional(),
        errorDescription: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'TelephoneNumber' });
export const telephoneNumberSchemaMatchesRecord: Same<z.infer<typeof telephoneNumberSchema>, NumberRecord> = true;
export const cancelBodySchema = z
  .strictObject({ reason: z.string().max(500).optional() })
  .meta({ id: 'CancelRequest' });
