export { createSandbox, type Sandbox } from './sandbox.js';
export { startSandbox, type RunningSandbox, type StartSandboxOptions } from './start.js';
export { SandboxOptionsError, type SandboxOptions } from './options.js';
export type { NotificationDelivery, SandboxOrderView, SandboxRemovalView, SandboxTnOptionView } from './model.js';
export type { LoseOutcome } from './messaging-lost.js';
export { XML_ENCODINGS, type XmlEncoding } from './xml-encoding.js';
export {
  FAULT_ENDPOINTS,
  FaultConfigError,
  type FaultConfig,
  type FaultConfigInput,
  type FaultEndpoint,
} from './fault-config.js';
export type { FaultsView, InjectedCounts } from './faults.js';
export { SandboxStateFileError } from './persistence.js';
export { LOA_CONTENT_TYPES } from './routes/loas.js';
export { DIALECTS, type DialectName } from './dialect.js';
export type { LoggedRequest } from './request-log.js';
export type { IssuedToken } from './oauth-tokens.js';
