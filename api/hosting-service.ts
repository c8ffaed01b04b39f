import { randomUUID } from 'node:crypto';
import type { PayloadKeyring } from '../codec/encryption-codec.js';
import { sealBytes } from '../codec/sealed-bytes.js';
import { workflowIdFor } from '../contract/ids.js';
import { newView } from '../contract/record-ops.js';
import type { HostingRequestView } from '../contract/view.js';
import type { Logger } from '../logging/logger.js';
import type { ListCursor, LoaDocument, Records } from '../records/index.js';
import type {
  HostingRequestInput,
  LoaReference,
  OrderNotificationSignal,
  OrderWaitOptions,
} from '../workflows/types.js';
import type { CreateHostingRequestBody } from './hosting-request-schema.js';
import {
  TemporalUnavailableError,
  WorkflowExistsError,
  type HostingGateway,
  type NotifyOutcome,
} from './temporal-gateway.js';
import { RequestExistsError, startInputContext } from '../records/index.js';

/**
 * The API's use cases, one function per operation. Routes parse and answer; this decides, in
 * the order that keeps the record true: record first, then tell Temporal.
 */

export interface HostingServiceOptions {
  gateway: HostingGateway;
  records: Records;
  /** Seals the workflow input kept in the record until the workflow is known to run. */
  keyring: PayloadKeyring;
  logger?: Logger;
  defaultSipPeerId?: string;
  orderWait: OrderWaitOptions;
  maxNumbersPerOrder?: number;
  now?: () => Date;
}

export type LoaInput = { contentType: string; filename: string; data: Buffer };

/** Ends after which no order of the request can change: nothing to cancel, no order to take an LOA. */
const FINAL_STATUSES = new Set<HostingRequestView['status']>(['CANCELLED', 'FAILED', 'NOTHING_IMPORTABLE']);

/** What Bandwidth told about an order, for the request's timeline. */
function notificationEvent(notice: { orderId: string; customerOrderId?: string }, told: Record<string, string>) {
  return {
    type: 'notification.received' as const,
    data: {
      orderId: notice.orderId,
      ...told,
      ...(notice.customerOrderId ? { customerOrderId: notice.customerOrderId } : {}),
    },
  };
}

export function createHostingService(options: HostingServiceOptions) {
  const { gateway, records, keyring, logger } = options;
  const now = options.now ?? (() => new Date());

  const loaReference = (id: string, loa: LoaInput): LoaReference => ({
    key: id,
    contentType: loa.contentType,
    filename: loa.filename,
    bytes: loa.data.length,
  });

  return {
    /**
     * Reserves the id and the numbers in the record, then starts the workflow. When Temporal
     * cannot be reached the request stays recorded (answered 202) and the worker's record keeper
     * starts it as soon as Temporal answers: nothing accepted is lost.
     */
    async start(body: CreateHostingRequestBody & { siteId: string }): Promise<{ id: string; workflowId: string }> {
      const id = body.customerOrderId ?? randomUUID();
      const createdAt = now().toISOString();
      const loaId = body.loa ? randomUUID() : undefined;
      const input: HostingRequestInput = {
        id,
        telephoneNumbers: body.telephoneNumbers,
        siteId: body.siteId,
        sipPeerId: body.sipPeerId ?? options.defaultSipPeerId,
        subscriber: body.subscriber,
        loaAuthorizingPerson: body.loaAuthorizingPerson,
        loa: body.loa && loaId ? loaReference(loaId, body.loa) : undefined,
        createdAt,
        wait: options.orderWait,
        maxNumbersPerOrder: options.maxNumbersPerOrder,
      };
      const view = newView({
        id,
        workflowId: workflowIdFor(id),
        telephoneNumbers: body.telephoneNumbers,
        hasLoa: Boolean(body.loa),
        createdAt,
      });
      await records.requests.reserve({
        view,
        siteId: body.siteId,
        startInput: sealBytes(keyring, Buffer.from(JSON.stringify(input)), startInputContext(id)),
        within: async (client) => {
          if (body.loa && loaId) await records.loas.put({ id: loaId, requestId: id, ...body.loa }, client);
        },
      });
      try {
        const { workflowId } = await gateway.start(input);
        await records.requests.markStarted(id).catch((error: Error) => {
          // The record keeper finds the request, sees its workflow running and marks it.
          logger?.warn({ requestId: id, err: { name: error.name, message: error.message } }, 'start not marked');
        });
        return { id, workflowId };
      } catch (error) {
        if (error instanceof WorkflowExistsError) {
          // Temporal knows this id from before the record did: it is not free, and not ours to take.
          await records.requests.release(id);
          throw new RequestExistsError(`request ${id} exists in Temporal`, { cause: error });
        }
        if (error instanceof TemporalUnavailableError) {
          logger?.warn({ requestId: id }, 'request recorded; its workflow starts once Temporal answers');
          return { id, workflowId: view.workflowId };
        }
        throw error;
      }
    },

    get: (id: string): Promise<HostingRequestView | undefined> => records.requests.get(id),

    list: (filter: {
      status?: HostingRequestView['status'];
      telephoneNumber?: string;
      limit: number;
      after?: ListCursor;
    }) => records.requests.list(filter),

    /** 'not-found' for an unknown id, 'ended' when the request's workflow has closed. */
    async cancel(id: string, reason?: string): Promise<'signalled' | 'ended' | 'not-found'> {
      const view = await records.requests.get(id);
      if (!view) return 'not-found';
      // Nothing is left to cancel; COMPLETE and PARTIAL ones may still be (their numbers un-hosted).
      if (FINAL_STATUSES.has(view.status)) return 'ended';
      // Recorded first, so every step recorded from now on knows a cancellation was asked for.
      await records.requests.apply(id, [{ op: 'cancelRequested' }]);
      const outcome = await gateway.cancel(id, reason);
      if (outcome === 'signalled') return 'signalled';
      await records.requests.apply(id, [{ op: 'cancelRequested', withdrawn: true }]);
      return 'ended';
    },

    /** A late LOA: stored, recorded as pending, handed to the workflow; withdrawn again if it has ended. */
    async provideLoa(id: string, loa: LoaInput): Promise<'signalled' | 'ended' | 'not-found' | 'uploaded'> {
      const view = await records.requests.get(id);
      if (!view) return 'not-found';
      if (view.loa.status === 'UPLOADED') return 'uploaded';
      if (FINAL_STATUSES.has(view.status)) return 'ended';
      const previous = { loa: view.loa, orders: view.orders.map((o) => o.loa) };
      const loaId = randomUUID();
      await records.loas.put({ id: loaId, requestId: id, ...loa });
      await records.requests.apply(id, [{ op: 'loaGiven' }]);
      const outcome = await gateway.provideLoa(id, loaReference(loaId, loa));
      if (outcome === 'signalled') return 'signalled';
      await records.requests.apply(id, [{ op: 'loaRestored', ...previous }]);
      return 'ended';
    },

    loaFile: (id: string): Promise<LoaDocument | undefined> => records.loas.latestFor(id),

    number: (telephoneNumber: string) => records.numbers.get(telephoneNumber),

    /**
     * Routes Bandwidth's notification to the workflow of its order (found by the order id in the
     * record, else by its CustomerOrderId) and adds it to the request's timeline.
     */
    async notify(notice: OrderNotificationSignal): Promise<NotifyOutcome> {
      const event = notificationEvent(notice, { status: notice.status });
      let routed: { requestId: string; customerOrderId: string } | undefined;
      try {
        routed = await records.requests.addOrderEvent(notice.orderId, event);
      } catch (error) {
        // A notification is only a hint: it still reaches the workflow while the database is down.
        logger?.warn({ orderId: notice.orderId, err: { name: (error as Error).name } }, 'notification not recorded');
      }
      const customerOrderId = routed?.customerOrderId ?? notice.customerOrderId;
      if (!customerOrderId) return 'unknown';
      const outcome = await gateway.notify(workflowIdFor(customerOrderId), notice);
      if (!routed && outcome !== 'unknown' && notice.customerOrderId) {
        // Bandwidth called back before the order was recorded (it may, before the create returns).
        await records.requests.addEventIfKnown(notice.customerOrderId, event).catch(() => undefined);
      }
      return outcome;
    },

    /** A note Bandwidth added to an order: into its request's timeline. False when the order is not ours. */
    async recordNote(notice: { orderId: string; customerOrderId?: string; note: string }): Promise<boolean> {
      const event = notificationEvent(notice, { note: notice.note });
      if (await records.requests.addOrderEvent(notice.orderId, event)) return true;
      if (!notice.customerOrderId) return false;
      return records.requests.addEventIfKnown(notice.customerOrderId, event);
    },

    /** Bandwidth's MESSAGING_LOST: hosted numbers ported away by another account. */
    markLost: (telephoneNumbers: string[]) =>
      records.numbers.markLost(telephoneNumbers, { eventType: 'MESSAGING_LOST' }),

    ready: async () => {
      const [temporal, database] = await Promise.all([gateway.ready(), records.ready()]);
      return { temporal, database };
    },
  };
}

export type HostingService = ReturnType<typeof createHostingService>;
