/** The one place that turns business ids into Temporal workflow ids and Bandwidth order ids. */
const PREFIX = 'hosting-';
const MAX_CUSTOMER_ORDER_ID = 40;

export const WORKFLOW_TYPE = 'hostingRequest';
export const ORDER_PART_WORKFLOW_TYPE = 'hostingOrderPart';

/**
 * A request's workflow id. Parts of a split request use their own CustomerOrderId here, so a
 * notification is routed by its CustomerOrderId alone, whichever order it is about.
 */
export function workflowIdFor(customerOrderId: string): string {
  return `${PREFIX}${customerOrderId}`;
}

/** The request id back from a workflow id, or undefined when the id is not a hosting request's. */
export function requestIdFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(PREFIX) ? workflowId.slice(PREFIX.length) : undefined;
}

/** Ids ending like a part's (`-2of3`) are kept for the parts of split requests. */
export const RESERVED_PART_SUFFIX = /-\d+of\d+$/;

/** FNV-1a: a short, stable, dependency-free digest (workflow code cannot use node:crypto). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

/**
 * CustomerOrderId of part `index` (1-based) of `total`: `{id}-{index}of{total}`, within
 * Bandwidth's 40 characters — a long request id is shortened and made unique by a digest.
 */
export function orderPartCustomerOrderId(requestId: string, index: number, total: number): string {
  const suffix = `-${index}of${total}`;
  if (requestId.length + suffix.length <= MAX_CUSTOMER_ORDER_ID) return `${requestId}${suffix}`;
  const digest = shortHash(requestId);
  const keep = MAX_CUSTOMER_ORDER_ID - suffix.length - digest.length - 1;
  return `${requestId.slice(0, keep).trimEnd()}-${digest}${suffix}`;
}
