import type { RequestHandler } from 'express';
import type { ApiMetrics } from '../observability/metrics.js';

const WEBHOOK_FAILURES: Record<number, string> = {
  400: 'malformed',
  401: 'unauthorized',
  413: 'malformed',
  503: 'unavailable',
};

/** Counts and times every answer by route pattern (never the raw path: ids stay out of labels). */
export function recordHttpMetrics(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : req.baseUrl || 'unmatched';
      stop({ method: req.method, route });
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      const failure = WEBHOOK_FAILURES[res.statusCode];
      if (failure && req.originalUrl.startsWith('/webhooks/')) metrics.webhookNotifications.inc({ outcome: failure });
    });
    next();
  };
}
