/** Everything the worker registers as workflows. */
export { hostingRequest } from './hosting-request.js';
export { hostingOrderPart } from './hosting-order-part.js';
