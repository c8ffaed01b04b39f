import type { OrderNotificationSignal } from '../../workflows/types.js';

/** What the harness hands a load generator process (a JSON file named by BENCH_LOAD_INPUT). */
export interface WebhookLoadInput {
  url: string;
  authorization: string;
  concurrency: number;
  /** Sent first and not measured: they warm the API's route and the connections. */
  warmupBodies: string[];
  bodies: string[];
}

export interface SignalLoadInput {
  temporalAddress: string;
  concurrency: number;
  warmup: Array<{ workflowId: string; notice: OrderNotificationSignal }>;
  targets: Array<{ workflowId: string; notice: OrderNotificationSignal }>;
}

/** What a load generator prints as its one line of output. */
export interface LoadResult {
  count: number;
  elapsedMs: number;
  latencies: number[];
  /** CPU milliseconds the load generator itself used for the measured requests (process.cpuUsage). */
  cpuMs: number;
  /** Answers other than the expected one (non-2xx for the webhook, errors for signal()). */
  failures: number;
  firstFailure?: string;
}

/** Bandwidth's order Notification, as the sandbox (and the seed) show it. */
export function notificationXml(n: {
  subscriptionId: string;
  orderId: string;
  customerOrderId: string;
  status: string;
  at: string;
}): string {
  return [
    '<?xml version="1.0"?>',
    '<Notification>',
    `<SubscriptionId>${n.subscriptionId}</SubscriptionId>`,
    '<OrderType>importtnorders</OrderType>',
    `<OrderId>${n.orderId}</OrderId>`,
    `<CustomerOrderId>${n.customerOrderId}</CustomerOrderId>`,
    `<Status>${n.status}</Status>`,
    `<Message>Import TN order has been ${n.status.toLowerCase()}.</Message>`,
    '<Note></Note>',
    `<LastModifiedDate>${n.at}</LastModifiedDate>`,
    '</Notification>',
  ].join('\n');
}
