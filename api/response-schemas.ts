import { z } from 'zod';
import type { HostingRequestView } from '../workflows/types.js';
import { HOSTING_STATUSES } from './hosting-request-schema.js';

/**
 * What the API answers, as schemas: the OpenAPI document is generated from them, and the tests
 * check every real answer against them, so the document cannot drift from the code.
 */

const ORDER_STATUSES = ['RECEIVED', 'PROCESSING', 'COMPLETE', 'PARTIAL', 'FAILED', 'EXCEPTION'] as const;
const NUMBER_STATUSES = ['PENDING', 'NOT_IMPORTABLE', 'HOSTED', 'FAILED', 'REMOVED'] as const;
const LOA_STATUSES = ['NONE', 'PENDING', 'UPLOADED', 'FAILED'] as const;

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
    loa: z.strictObject({
      status: z.enum(LOA_STATUSES),
      filename: z.string().optional(),
      error: z.string().optional(),
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    orders: z.array(
      z.strictObject({
        customerOrderId: z.string(),
        orderId: z.string().nullable(),
        orderStatus: z.enum(ORDER_STATUSES).nullable(),
        telephoneNumbers: z.number().int(),
      }),
    ),
    cancelRequested: z.boolean().optional(),
    removal: z
      .strictObject({
        orderId: z.string().nullable(),
        status: z.string(),
        telephoneNumbers: z.array(z.string()),
        error: z.string().optional(),
      })
      .optional(),
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
        telephoneNumbers: z
          .array(z.string())
          .meta({ description: 'the first 150 numbers (search attribute size limit)' }),
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
  .strictObject({ outcome: z.enum(['signalled', 'finished', 'unknown', 'ignored']) })
  .meta({ id: 'WebhookOutcome' });
export const healthSchema = z.strictObject({ status: z.string() }).meta({ id: 'Health' });
export const cancelBodySchema = z
  .strictObject({ reason: z.string().max(500).optional() })
  .meta({ id: 'CancelRequest' });
