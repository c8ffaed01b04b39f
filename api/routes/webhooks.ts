import { Router, raw } from 'express';
import { BandwidthXmlError, parseOrderNotification } from '../../bandwidth/index.js';
import type { Logger } from '../../logging/logger.js';
import { requireBasicCallbackAuth } from '../auth.js';
import { problem } from '../problem.js';
import type { HostingGateway } from '../temporal-gateway.js';
import type { ApiMetrics } from '../../observability/metrics.js';

/** Notifications are a few hundred bytes; anything near this is not Bandwidth. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

const IMPORT_ORDER_TYPE = 'importtnorders';

export function webhookRoutes(options: {
  gateway: HostingGateway;
  credentials: { username: string; password: string } | undefined;
  logger: Logger;
  metrics: ApiMetrics;
}): Router {
  const { gateway, logger, metrics } = options;
  const router = Router();

  router.post(
    '/bandwidth/orders',
    requireBasicCallbackAuth(options.credentials),
    // Read any content type as bytes: the XML parser, not the header, decides what is valid, and
    // it refuses bytes that are not UTF-8 (decoding to text first would hide them as U+FFFD).
    raw({ type: () => true, limit: MAX_NOTIFICATION_BYTES }),
    async (req, res) => {
      const body: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array();
      let notice;
      try {
        notice = parseOrderNotification(body, { maxBytes: MAX_NOTIFICATION_BYTES });
      } catch (error) {
        if (error instanceof BandwidthXmlError)
          throw problem(400, 'malformed-notification', 'Malformed notification', error.message);
        throw error;
      }
      if (notice.orderType.toLowerCase() !== IMPORT_ORDER_TYPE) {
        logger.info(
          { orderType: notice.orderType, orderId: notice.orderId },
          'notification for another order type ignored',
        );
        metrics.webhookNotifications.inc({ outcome: 'ignored' });
        res.status(202).json({ outcome: 'ignored' });
        return;
      }
      const outcome = await gateway.notify({
        orderId: notice.orderId,
        status: notice.status,
        customerOrderId: notice.customerOrderId,
        receivedAt: new Date().toISOString(),
      });
      logger.info(
        { orderId: notice.orderId, customerOrderId: notice.customerOrderId, status: notice.status, outcome },
        'order notification',
      );
      metrics.webhookNotifications.inc({ outcome });
      res.status(outcome === 'unknown' ? 202 : 200).json({ outcome });
    },
  );

  return router;
}
