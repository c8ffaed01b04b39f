/** The one place that turns business ids into Temporal workflow ids. */
const PREFIX = 'hosting-';

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
