import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { HostingRequestView, LoaReference, OrderNotificationSignal, OrderProgressSignal } from './types.js';

/** Bandwidth's order notification, forwarded by the webhook. */
export const orderNotificationSignal = defineSignal<[OrderNotificationSignal]>('orderNotification');

/** Cancel the request: before an order exists it stops; after, its hosted numbers are un-hosted. */
export const cancelSignal = defineSignal<[{ reason?: string }]>('cancel');

/** An LOA given after the request started (or after a failed upload). */
export const provideLoaSignal = defineSignal<[LoaReference]>('provideLoa');

/** A child order workflow's progress, for its parent's view. */
export const orderProgressSignal = defineSignal<[OrderProgressSignal]>('orderProgress');

/** Where the request stands: exactly the HTTP API's GET body. */
export const statusQuery = defineQuery<HostingRequestView>('status');
