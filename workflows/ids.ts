export { ORDER_PART_WORKFLOW_TYPE, WORKFLOW_TYPE, requestIdFromWorkflowId, workflowIdFor } from '../contract/ids.js';
export { orderPartCustomerOrderId, RESERVED_PART_SUFFIX } from '../contract/order-plan.js';
