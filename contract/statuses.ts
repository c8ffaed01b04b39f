import type { ProcessingStatus } from '../bandwidth/types.js';

/**
 * Every status kind hostflow reports, each defined once as a tuple with a table of its traits.
 * Types, zod schemas, OpenAPI, ranks and the CLI's lists all derive from these.
 */

export const HOSTING_STATUSES = [
  'CHECKING',
  'ORDERING',
  'AWAITING_ORDER',
  'UPLOADING_LOA',
  'COMPLETE',
  'PARTIAL',
  'FAILED',
  'NOTHING_IMPORTABLE',
  'CANCELLED',
] as const;
export type HostingStatus = (typeof HOSTING_STATUSES)[number];

interface HostingStatusTraits {
  /** The request has reached an end (it may still take a late LOA). */
  terminal: boolean;
  /** Order of progress among running statuses. */
  rank: number;
  /**
   * Written to the `HostingStatus` search attribute. ORDERING and UPLOADING_LOA last one
   * Bandwidth call each: skipping them saves two history events and two billable actions per
   * request, and operators search by the states a request can sit in.
   */
  searchable: boolean;
}

export const HOSTING_STATUS_TRAITS: Readonly<Record<HostingStatus, HostingStatusTraits>> = {
  CHECKING: { terminal: false, rank: 0, searchable: true },
  ORDERING: { terminal: false, rank: 1, searchable: false },
  AWAITING_ORDER: { terminal: false, rank: 2, searchable: true },
  UPLOADING_LOA: { terminal: false, rank: 3, searchable: false },
  COMPLETE: { terminal: true, rank: 4, searchable: true },
  PARTIAL: { terminal: true, rank: 4, searchable: true },
  FAILED: { terminal: true, rank: 4, searchable: true },
  NOTHING_IMPORTABLE: { terminal: true, rank: 4, searchable: true },
  CANCELLED: { terminal: true, rank: 4, searchable: true },
};

export const TERMINAL_STATUSES: readonly HostingStatus[] = HOSTING_STATUSES.filter(
  (s) => HOSTING_STATUS_TRAITS[s].terminal,
);
export const RUNNING_STATUSES: readonly HostingStatus[] = HOSTING_STATUSES.filter(
  (s) => !HOSTING_STATUS_TRAITS[s].terminal,
);

export function isTerminalStatus(status: HostingStatus): boolean {
  return HOSTING_STATUS_TRAITS[status].terminal;
}

/** Bandwidth's `ProcessingStatus` of an import order (EXCEPTION appears in notifications). */
export const ORDER_STATUSES = ['RECEIVED', 'PROCESSING', 'COMPLETE', 'PARTIAL', 'FAILED', 'EXCEPTION'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const ORDER_STATUS_TRAITS: Readonly<Record<OrderStatus, { terminal: boolean; rank: number }>> = {
  RECEIVED: { terminal: false, rank: 0 },
  PROCESSING: { terminal: false, rank: 1 },
  // Undocumented for imports: treated as "not ended", so the order is re-read until it is.
  EXCEPTION: { terminal: false, rank: 1 },
  COMPLETE: { terminal: true, rank: 2 },
  PARTIAL: { terminal: true, rank: 2 },
  FAILED: { terminal: true, rank: 2 },
};

export function isTerminalOrderStatus(status: OrderStatus): boolean {
  return ORDER_STATUS_TRAITS[status].terminal;
}

export function orderStatusRank(status: OrderStatus): number {
  return ORDER_STATUS_TRAITS[status].rank;
}

// hostflow's order statuses are exactly the Bandwidth client's ProcessingStatus.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const orderStatusIsProcessingStatus: Same<OrderStatus, ProcessingStatus> = true;

/**
 * A number's status in one request. `REMOVED`: hosted, then un-hosted because the request was
 * cancelled. `LOST`: hosted, then ported away by another account (Bandwidth's MESSAGING_LOST).
 */
export const NUMBER_STATUSES = ['PENDING', 'NOT_IMPORTABLE', 'HOSTED', 'FAILED', 'REMOVED', 'LOST'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];

export const LOA_STATUSES = ['NONE', 'PENDING', 'UPLOADED', 'FAILED'] as const;
export type LoaStatus = (typeof LOA_STATUSES)[number];

/** Why a running request needs a person; see `Attention`. */
export const ATTENTION_CODES = [
  'BANDWIDTH_UNAUTHORIZED',
  'BANDWIDTH_FORBIDDEN',
  'BANDWIDTH_UNREADABLE_ANSWER',
  'ORDER_OVERDUE',
] as const;
export type AttentionCode = (typeof ATTENTION_CODES)[number];
