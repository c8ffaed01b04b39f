import { Router, raw } from 'express';
import { BandwidthXmlError, parseNotification } from '../../bandwidth/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ApiMetrics } from '../../observability/metrics.js';
import { requireBasicCallbackAuth } from '../auth.js';
import type { HostingService } from '../hosting-service.js';
import { problem } from '../problem.js';

/** Notifications are a few hundred bytes; anything near this is not Bandwidth. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

const IMPORT_ORDER_TYPE = 'importtnorders';

export function webhookRoutes(options: {
  service: HostingService;
  credentials: { username: string; password: string } | undefined;
  logger: Logger;
  metrics: ApiMetrics;
}): Router {
  const { service, logger, metrics } = options;
  const router = Router();

  router.post(
    '/bandwidth/orders',
    requireBasicCallbackAuth(options.credentials),
    // Read any content type as bytes: the XML parser, not the header, decides what is valid, and
    // it reads the bytes in the encoding their XML declaration names.
    raw({ type: () => true, limit: MAX_NOTIFICATION_BYTES }),
    async (req, res) => {
      const body: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array();
      let notice;
      try {
        notice = parseNotification(body, { maxBytes: MAX_NOTIFICATION_BYTES });
      } catch (error) {
        if (error instanceof BandwidthXmlError)
          throw problem(400, 'malformed-notification', 'Malformed notification', error.message);
        throw error;
      }
      // Every well-formed callback gets a 2xx: Bandwidth never sends one again.
      let outcome: 'signalled' | 'finished' | 'unknown' | 'ignored' | 'recorded';
      switch (notice.kind) {
        case 'orderStatus':
          if (notice.orderType.toLowerCase() !== IMPORT_ORDER_TYPE) {
            outcome = 'ignored';
            break;
          }
          outcome = await service.notify({
            orderId: notice.orderId,
            status: notice.status,
            customerOrderId: notice.customerOrderId,
            receivedAt: new Date().toISOString(),
          });
          break;
        case 'orderNote':
          outcome = (await service.recordNote(notice)) ? 'recorded' : 'unknown';
          break;
        case 'messagingLost': {
          const { lost } = await service.markLost(notice.telephoneNumbers);
          outcome = lost.length > 0 ? 'recorded' : 'unknown';
          logger.info({ numbers: notice.telephoneNumbers.length, lost: lost.length }, 'MESSAGING_LOST event');
          break;
        }
        case 'unknown':
          outcome = 'ignored';
          break;
      }
      logger.info(
        {
          kind: notice.kind,
          orderId: 'orderId' in notice ? notice.orderId : undefined,
          customerOrderId: 'customerOrderId' in notice ? notice.customerOrderId : undefined,
          status: 'status' in notice ? notice.status : undefined,
          outcome,
        },
        'order notification',
      );
      metrics.webhookNotifications.inc({ outcome });
      res
        .status(outcome === 'signalled' || outcome === 'finished' || outcome === 'recorded' ? 200 : 202)
        .json({ outcome });
    },
  );

  return router;
}
