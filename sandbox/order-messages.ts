import type { ProcessingStatus, SandboxOrder } from './model.js';

/** What the history and the callbacks say at each step, per kind of order. */
const messages: Record<SandboxOrder['kind'], Record<ProcessingStatus, string>> = {
  import: {
    RECEIVED: 'Import TN order has been received.',
    PROCESSING: 'Import TN order processing has started.',
    COMPLETE: 'Import TN order has been processed successfully: every telephone number was imported.',
    PARTIAL: 'Import TN order has been processed: some telephone numbers could not be imported.',
    FAILED: 'Import TN order has failed: no telephone number could be imported.',
  },
  removal: {
    RECEIVED: 'Remove imported TN order has been received.',
    PROCESSING: 'Remove imported TN order processing has started.',
    COMPLETE: 'Remove imported TN order has been processed successfully: every telephone number was removed.',
    PARTIAL: 'Remove imported TN order has been processed: some telephone numbers could not be removed.',
    FAILED: 'Remove imported TN order has failed: no telephone number could be removed.',
  },
  // numbers_v2.yml's TN option order history example.
  tnOption: {
    RECEIVED: 'Order has been received by the system.',
    PROCESSING: 'Order processing has started.',
    COMPLETE: 'Order is complete.',
    PARTIAL: 'Order is partially complete: some telephone numbers were not updated.',
    FAILED: 'Order has failed: no telephone number was updated.',
  },
};

export function statusMessage(order: SandboxOrder, status: ProcessingStatus): string {
  return messages[order.kind][status];
}

/** A one-line account of the failed numbers, for the callback's `Note`. */
export function failureNote(order: SandboxOrder): string {
  return order.errors
    .map((failure) => `${failure.code} ${failure.description} ${failure.telephoneNumbers.join(', ')}`)
    .join('; ');
}

/** The note a note-only notification (and the history) carries. */
export function processingNote(order: SandboxOrder): string {
  return `Order ${order.orderId}: ${order.telephoneNumbers.length} telephone number(s) handed to processing.`;
}
