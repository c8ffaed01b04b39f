import type { Dialect } from './dialect.js';
import type { FaultInjector } from './faults.js';
import type { NotificationDelivery, SandboxOrder, Subscription } from './model.js';
import { NOTIFICATION_ORDER_TYPES, renderNotification, type NotificationContent } from './notification-body.js';
import type { SandboxStore } from './store.js';
import { XML_CONTENT_TYPE } from './xml-response.js';

export interface NotifierDeps {
  store: SandboxStore;
  faults: FaultInjector;
  dialect: Dialect;
  callbackTimeoutMs: number;
  logger: (line: string) => void;
}

type Attempt = NotificationDelivery['attempts'][number];

/**
 * Posts order notifications the way Bandwidth does: first without credentials; only when the
 * receiver answers 401 with a Basic challenge, once more with the subscription's credentials.
 * Only a 2xx counts, and a failed callback is never retried (Bandwidth does not retry either).
 */
export class Notifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: NotifierDeps) {}

  /** Subscriptions that want callbacks for this order. */
  subscribersOf(order: SandboxOrder): Subscription[] {
    const orderType = NOTIFICATION_ORDER_TYPES[order.kind].toLowerCase();
    return this.deps.store
      .activeSubscriptions()
      .filter(
        (subscription) =>
          subscription.orderType.toLowerCase() === orderType &&
          (!subscription.orderId || subscription.orderId === order.orderId),
      );
  }

  /**
   * Notifies every subscriber that the order reached its end. `stale` is the earlier PROCESSING
   * notification a reorder fault sends after the terminal one. Resolves when every callback is done.
   */
  orderEnded(
    order: SandboxOrder,
    terminal: NotificationContent,
    stale: NotificationContent,
    early = false,
  ): Promise<void> {
    const work = Promise.all(
      this.subscribersOf(order).map(async (subscription) => {
        const shape = this.deps.faults.notification();
        if (shape.drop) {
          this.record(order, subscription, terminal.status, 'dropped');
          this.deps.logger(
            `notification ${terminal.status} of order ${order.orderId} to ${subscription.url} dropped (fault)`,
          );
          return;
        }
        await this.deliver(order, subscription, terminal, early ? 'early' : undefined);
        if (shape.duplicate) await this.deliver(order, subscription, terminal, 'duplicate');
        if (shape.reorder) await this.deliver(order, subscription, stale, 'reordered');
      }),
    ).then(() => undefined);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Resolves once no callback is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private record(
    order: SandboxOrder,
    subscription: Subscription,
    status: string,
    fault?: NotificationDelivery['fault'],
  ): NotificationDelivery {
    const delivery: NotificationDelivery = {
      orderId: order.orderId,
      subscriptionId: subscription.subscriptionId,
      url: subscription.url,
      status,
      attempts: [],
      delivered: false,
      ...(fault ? { fault } : {}),
    };
    this.deps.store.deliveries.push(delivery);
    return delivery;
  }

  private async deliver(
    order: SandboxOrder,
    subscription: Subscription,
    content: NotificationContent,
    fault?: NotificationDelivery['fault'],
  ): Promise<void> {
    const delivery = this.record(order, subscription, content.status, fault);
    const body = renderNotification(order, subscription.subscriptionId, content, this.deps.dialect);
    const first = await this.post(subscription.url, body);
    delivery.attempts.push(first.attempt);
    let last = first;
    if (first.attempt.httpStatus === 401 && first.basicChallenge && subscription.credentials) {
      last = await this.post(subscription.url, body, subscription.credentials);
      delivery.attempts.push(last.attempt);
    }
    delivery.delivered =
      last.attempt.httpStatus !== undefined && last.attempt.httpStatus >= 200 && last.attempt.httpStatus < 300;
    const outcome = last.attempt.httpStatus ?? last.attempt.error;
    this.deps.logger(
      `notification ${content.status} of order ${order.orderId} to ${subscription.url}: ${delivery.delivered ? 'delivered' : 'not delivered'} (${outcome}, ${delivery.attempts.length} attempt(s))`,
    );
  }

  private async post(
    url: string,
    body: string,
    credentials?: { username: string; password: string },
  ): Promise<{ attempt: Attempt; basicChallenge: boolean }> {
    const headers: Record<string, string> = { 'Content-Type': XML_CONTENT_TYPE };
    if (credentials) {
      headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.callbackTimeoutMs),
      });
      // Read the answer to the end so the connection can be reused or closed cleanly.
      await response.arrayBuffer().catch(() => undefined);
      const challenge = response.headers.get('www-authenticate') ?? '';
      return {
        attempt: { withCredentials: credentials !== undefined, httpStatus: response.status },
        basicChallenge: /^\s*basic\b/i.test(challenge),
      };
    } catch (error) {
      return {
        attempt: { withCredentials: credentials !== undefined, error: describeFetchError(error) },
        basicChallenge: false,
      };
    }
  }
}

/** A short reason for a failed callback: `timeout`, the socket error code, or the message. */
function describeFetchError(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm, where `instanceof Error` fails.
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (failure?.name === 'TimeoutError') return 'timeout';
  return failure?.cause?.code ?? failure?.cause?.message ?? failure?.message ?? String(error);
}
