/**
 * hostflow's typed HTTP client for backend services:
 * `createHostflowClient({ baseUrl, apiKey })` → start, get, list, cancel, provideLoa,
 * waitUntilDone, ready. See docs/client.md.
 */
export { createHostflowClient } from './hostflow-client.js';
export { HostflowApiError, type HostflowClientErrorCode, type ProblemFieldError } from './errors.js';
export { loaContentTypeFor, loaFromFile, LOA_CONTENT_TYPE_BY_EXTENSION } from './loa-file.js';
export { TERMINAL_STATUSES } from '../contract/statuses.js';
export type * from './types.js';
