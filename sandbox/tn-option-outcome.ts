import { errors, type BandwidthError } from './error-codes.js';
import type { TnOptionGroup, TnOptionOrder } from './model.js';
import type { SandboxStore } from './store.js';
import { messagingNotOwned, neverInService } from './telephone-numbers.js';

/** The attributes a group sets, as 5160's "These attributes cannot be overwritten: %s" names them. */
function attributesOf(group: TnOptionGroup): string {
  return [group.sms !== undefined && 'Sms', group.a2p !== undefined && 'A2pSettings'].filter(Boolean).join(', ');
}

/**
 * Decides, number by number, what a TN option order did, the way Bandwidth reports it in
 * `<ErrorList>` and `<Warnings>`: a number the account does not have (5076), one hosted but not in
 * service (5074, the test numbers ending 8888), one whose messaging the account does not own
 * (5160, the test numbers ending 7777). Whether TN options apply to imported numbers at all is
 * unconfirmed (the hosting guide says line options are not available for them): the sandbox
 * applies them, and refuses per number, never the whole order.
 */
export function settleTnOptionOrder(
  order: TnOptionOrder,
  store: SandboxStore,
): Array<{ tn: string; error: BandwidthError }> {
  const failures: Array<{ tn: string; error: BandwidthError }> = [];
  order.warnings = [];
  for (const group of order.groups) {
    for (const tn of group.telephoneNumbers) {
      const error = !store.hostedNumbers.has(tn)
        ? errors.notOnAccount()
        : neverInService(tn)
          ? errors.notInService()
          : messagingNotOwned(tn)
            ? errors.messagingNotOwned(tn, attributesOf(group))
            : undefined;
      if (error) {
        failures.push({ tn, error });
        continue;
      }
      const options = store.numberOptions.get(tn) ?? {};
      // The Ruby SDK's fixture: "SMS is already Enabled or number is in processing."
      if (group.sms === 'on' && options.sms === 'on')
        order.warnings.push({ telephoneNumber: tn, description: 'SMS is already Enabled or number is in processing.' });
      if (group.sms === 'on' || group.sms === 'off') options.sms = group.sms;
      if (group.a2p?.action === 'asSpecified') options.campaignId = group.a2p.campaignId;
      if (group.a2p?.action === 'delete' || group.a2p?.action === 'off') delete options.campaignId;
      store.numberOptions.set(tn, options);
    }
  }
  return failures;
}
