import { readEitherForm } from './api-generation.js';
import type { SandboxContext } from './context.js';
import { MESSAGING_LOST } from './notification-body.js';

export type LoseOutcome =
  { lost: true; telephoneNumber: string; eventType: string; subscriptions: number } | { lost: false; reason: string };

/**
 * What Bandwidth does when another account's port-in takes a hosted number away (subscriptions.mdx:
 * MESSAGING_LOST "is reported on a TN with hosted messaging service in your account when a port in
 * order placed by another account on the same TN is executed"): the number stops being hosted and
 * in service here, and every MESSAGING_LOST subscription is called (not awaited: the caller gets
 * its answer at once, the deliveries show in `GET /_sandbox/notifications`).
 */
export function loseNumber(context: SandboxContext, raw: string): LoseOutcome {
  const tn = readEitherForm(raw);
  if (tn === undefined) return { lost: false, reason: `${raw} is not a 10-digit or +1 NANP number` };
  if (!context.store.hostedNumbers.has(tn)) return { lost: false, reason: `${raw} is not hosted on this account` };
  context.store.hostedNumbers.delete(tn);
  context.store.numberOptions.delete(tn);
  context.store.changed();
  const subscriptions = context.notifier.eventSubscribers(MESSAGING_LOST).length;
  context.options.logger(
    `${tn} lost to another account's port-in: ${MESSAGING_LOST} to ${subscriptions} subscription(s)`,
  );
  void context.notifier.event(MESSAGING_LOST, [tn], context.faults.messagingLostList());
  return { lost: true, telephoneNumber: tn, eventType: MESSAGING_LOST, subscriptions };
}
