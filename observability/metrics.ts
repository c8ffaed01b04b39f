import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The API's Prometheus metrics. Labels are route patterns, statuses and outcomes only: never ids,
 * numbers or anything a caller sent.
 */
export interface ApiMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  webhookNotifications: Counter<'outcome'>;
  hostingRequestsStarted: Counter;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hostflow_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'hostflow_http_requests_total',
      help: 'HTTP requests answered',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'hostflow_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    webhookNotifications: new Counter({
      name: 'hostflow_webhook_notifications_total',
      help: 'Bandwidth order notifications by outcome (signalled, finished, unknown, ignored, unauthorized, malformed, unavailable)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    hostingRequestsStarted: new Counter({
      name: 'hostflow_hosting_requests_started_total',
      help: 'Hosting requests accepted',
      registers: [registry],
    }),
  };
}
