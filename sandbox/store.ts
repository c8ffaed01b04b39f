import { neverInService } from './telephone-numbers.js';
import type { ImportOrder, NotificationDelivery, RemovalOrder, Subscription, TnOptionOrder } from './model.js';

/** The part of the state a state file keeps. */
export interface StoreSnapshot {
  version: 1;
  importOrders: ImportOrder[];
  removalOrders: RemovalOrder[];
  subscriptions: Subscription[];
  hostedNumbers: string[];
  /** Absent in files written before TN option orders existed. */
  tnOptionOrders?: TnOptionOrder[];
}

/** Everything the sandbox remembers, in memory. `changed()` tells the state file to save. */
export class SandboxStore {
  readonly importOrders = new Map<string, ImportOrder>();
  readonly removalOrders = new Map<string, RemovalOrder>();
  readonly tnOptionOrders = new Map<string, TnOptionOrder>();
  readonly subscriptions = new Map<string, Subscription>();
  /** Numbers an import made hosted and no removal (or MESSAGING_LOST) has taken away yet. */
  readonly hostedNumbers = new Set<string>();
  /** The messaging options TN option orders set on hosted numbers. */
  readonly numberOptions = new Map<string, { sms?: string; campaignId?: string }>();
  readonly deliveries: NotificationDelivery[] = [];
  private readonly listeners: Array<() => void> = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** In service on the account (`GET inserviceNumbers/{tn}`): hosted, unless it is a never-in-service test number. */
  isInService(tn: string): boolean {
    return this.hostedNumbers.has(tn) && !neverInService(tn);
  }

  /** Subscriptions still within their `Expiry`. Bandwidth forgets expired ones. */
  activeSubscriptions(now = Date.now()): Subscription[] {
    return [...this.subscriptions.values()].filter((subscription) => subscriptionExpiresAt(subscription) > now);
  }

  clear(): void {
    this.importOrders.clear();
    this.removalOrders.clear();
    this.tnOptionOrders.clear();
    this.subscriptions.clear();
    this.hostedNumbers.clear();
    this.numberOptions.clear();
    this.deliveries.length = 0;
    this.changed();
  }

  snapshot(): StoreSnapshot {
    return {
      version: 1,
      importOrders: [...this.importOrders.values()],
      removalOrders: [...this.removalOrders.values()],
      subscriptions: [...this.subscriptions.values()],
      hostedNumbers: [...this.hostedNumbers],
      tnOptionOrders: [...this.tnOptionOrders.values()],
    };
  }

  restore(snapshot: StoreSnapshot): void {
    for (const order of snapshot.importOrders) this.importOrders.set(order.orderId, order);
    for (const order of snapshot.removalOrders) this.removalOrders.set(order.orderId, order);
    for (const subscription of snapshot.subscriptions)
      this.subscriptions.set(subscription.subscriptionId, subscription);
    for (const tn of snapshot.hostedNumbers) this.hostedNumbers.add(tn);
    for (const order of snapshot.tnOptionOrders ?? []) this.tnOptionOrders.set(order.orderId, order);
  }
}

export function subscriptionExpiresAt(subscription: Subscription): number {
  return Date.parse(subscription.createdAt) + subscription.expirySeconds * 1000;
}
