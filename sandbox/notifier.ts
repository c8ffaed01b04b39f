import { STATUS_CODES } from 'node:http';
import { writeForFormat } from './api-generation.js';
import type { Dialect } from './dialect.js';
import type { FaultInjector } from './faults.js';
import type { NotificationDelivery, SandboxOrder, Subscription } from './model.js';
import {
  NOTIFICATION_ORDER_TYPES,
  renderEventNotification,
  renderNoteNotification,
  renderNotification,
  type EventNumberList,
  type NotificationContent,
} from './notification-body.js';
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
type DeliveryFields = Pick<NotificationDelivery, 'orderId' | 'status' | 'note' | 'eventType' | 'telephoneNumbers'>;

/** What `<Status>` keeps of an answer body: enough to see why a callback failed. */
const STATUS_BODY_CHARS = 200;

/**
 * Posts notifications the way Bandwidth does: first without credentials; only when the receiver
 * answers 401 with a Basic challenge, once more with the subscription's credentials. Only a 2xx
 * counts, and a failed callback is never retried (Bandwidth does not retry either). After each
 * callback the subscription's `<Status>` says how the latest attempt went (numbers.yml: "for
 * callback subscriptions will reflect the status of the latest attempt to place the callback").
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
          subscription.orderType?.toLowerCase() === orderType &&
          (!subscription.orderId || subscription.orderId === order.orderId),
      );
  }

  /** Subscriptions to an event type. */
  eventSubscribers(eventType: string): Subscription[] {
    return this.deps.store
      .activeSubscriptions()
      .filter((subscription) => subscription.eventType?.toUpperCase() === eventType.toUpperCase());
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
    return this.track(
      Promise.all(
        this.subscribersOf(order).map(async (subscription) => {
          const shape = this.deps.faults.notification();
          if (shape.drop) {
            this.record(subscription, { orderId: order.orderId, status: terminal.status }, 'dropped');
            this.deps.logger(
              `notification ${terminal.status} of order ${order.orderId} to ${subscription.url} dropped (fault)`,
            );
            return;
          }
          await this.deliverStatus(order, subscription, terminal, early ? 'early' : undefined);
          if (shape.duplicate) await this.deliverStatus(order, subscription, terminal, 'duplicate');
          if (shape.reorder) await this.deliverStatus(order, subscription, stale, 'reordered');
        }),
      ),
    );
  }

  /** A status notification on the way (PROCESSING), in order, to every subscriber. */
  orderProgressed(order: SandboxOrder, content: NotificationContent): Promise<void> {
    return this.track(
      Promise.all(this.subscribersOf(order).map((subscription) => this.deliverStatus(order, subscription, content))),
    );
  }

  /** A note added to an order: a notification with `<Note>` and no `<Status>`, to every subscriber. */
  orderNoted(order: SandboxOrder, note: string, lastModifiedDate: string): Promise<void> {
    return this.track(
      Promise.all(
        this.subscribersOf(order).map((subscription) =>
          this.deliver(
            subscription,
            renderNoteNotification(order, subscription.subscriptionId, note, lastModifiedDate, this.deps.dialect),
            { orderId: order.orderId, note },
            `note on order ${order.orderId}`,
          ),
        ),
      ),
    );
  }

  /**
   * An event about numbers (MESSAGING_LOST) to every subscription of its type, each writing the
   * numbers in its own `NumberFormat`. Resolves with how many subscriptions were called.
   */
  async event(eventType: string, telephoneNumbers: readonly string[], list: EventNumberList): Promise<number> {
    const subscriptions = this.eventSubscribers(eventType);
    await this.track(
      Promise.all(
        subscriptions.map((subscription) => {
          const written = telephoneNumbers.map((tn) => writeForFormat(tn, subscription.numberFormat ?? 'LEGACY'));
          return this.deliver(
            subscription,
            renderEventNotification(subscription.subscriptionId, eventType, written, list, this.deps.dialect),
            { eventType, telephoneNumbers: written },
            `${eventType} event for ${written.join(', ')}`,
          );
        }),
      ),
    );
    return subscriptions.length;
  }

  /** Resolves once no callback is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<unknown>): Promise<void> {
    const done = work.then(() => undefined);
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return done;
  }

  private record(
    subscription: Subscription,
    fields: DeliveryFields,
    fault?: NotificationDelivery['fault'],
  ): NotificationDelivery {
    const delivery: NotificationDelivery = {
      ...(fields.orderId !== undefined ? { orderId: fields.orderId } : {}),
      ...(fields.eventType !== undefined ? { eventType: fields.eventType } : {}),
      ...(fields.telephoneNumbers !== undefined ? { telephoneNumbers: [...fields.telephoneNumbers] } : {}),
      subscriptionId: subscription.subscriptionId,
      url: subscription.url,
      ...(fields.status !== undefined ? { status: fields.status } : {}),
      ...(fields.note !== undefined ? { note: fields.note } : {}),
      attempts: [],
      delivered: false,
      ...(fault ? { fault } : {}),
    };
    this.deps.store.deliveries.push(delivery);
    return delivery;
  }

  private deliverStatus(
    order: SandboxOrder,
    subscription: Subscription,
    content: NotificationContent,
    fault?: NotificationDelivery['fault'],
  ): Promise<void> {
    return this.deliver(
      subscription,
      renderNotification(order, subscription.subscriptionId, content, this.deps.dialect),
      { orderId: order.orderId, status: content.status },
      `notification ${content.status} of order ${order.orderId}`,
      fault,
    );
  }

  private async deliver(
    subscription: Subscription,
    body: string,
    fields: DeliveryFields,
    what: string,
    fault?: NotificationDelivery['fault'],
  ): Promise<void> {
    const delivery = this.record(subscription, fields, fault);
    const first = await this.post(subscription.url, body);
    delivery.attempts.push(first.attempt);
    let last = first;
    if (first.attempt.httpStatus === 401 && first.basicChallenge && subscription.credentials) {
      last = await this.post(subscription.url, body, subscription.credentials);
      delivery.attempts.push(last.attempt);
    }
    const status = last.attempt.httpStatus;
    delivery.delivered = status !== undefined && status >= 200 && status < 300;
    subscription.lastCallbackStatus = last.status;
    this.deps.store.changed();
    this.deps.logger(
      `${what} to ${subscription.url}: ${delivery.delivered ? 'delivered' : 'not delivered'} (${status ?? last.attempt.error}, ${delivery.attempts.length} attempt(s))`,
    );
  }

  private async post(
    url: string,
    body: string,
    credentials?: { username: string; password: string },
  ): Promise<{ attempt: Attempt; basicChallenge: boolean; status: string }> {
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
      const answer = await response.text().catch(() => '');
      const challenge = response.headers.get('www-authenticate') ?? '';
      return {
        attempt: { withCredentials: credentials !== undefined, httpStatus: response.status },
        basicChallenge: /^\s*basic\b/i.test(challenge),
        status: callbackStatus(response.status, answer),
      };
    } catch (error) {
      const reason = describeFetchError(error);
      return {
        attempt: { withCredentials: credentials !== undefined, error: reason },
        basicChallenge: false,
        status: `Callback failed: ${reason}`,
      };
    }
  }
}

/**
 * `<Status>` of a subscription after a callback: "200 OK" as numbers.yml's example shows, and for a
 * failure the answer's beginning too ("some message containing status code and response body of
 * last callback").
 */
function callbackStatus(httpStatus: number, body: string): string {
  const line = `${httpStatus} ${STATUS_CODES[httpStatus] ?? ''}`.trim();
  const text = body.trim().slice(0, STATUS_BODY_CHARS);
  return httpStatus >= 200 && httpStatus < 300 ? line : text ? `${line}: ${text}` : line;
}

/** A short reason for a failed callback: `timeout`, the socket error code, or the message. */
function describeFetchError(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm, where `instanceof Error` fails.
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (failure?.name === 'TimeoutError') return 'timeout';
  return failure?.cause?.code ?? failure?.cause?.message ?? failure?.message ?? String(error);
}
