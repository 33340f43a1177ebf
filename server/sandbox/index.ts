/** The sandbox of the customer's external systems: see router.ts for the API. */
export { createSandboxRouter, type SandboxOptions, type SandboxRouter } from './router.ts';
export { startSandbox, type StandaloneSandbox } from './server.ts';
export { SYSTEMS, type SystemName } from './systems.ts';
export { FAULT_MODES, type Fault, type FaultMode, type FaultSpec } from './faults.ts';
export type { LoggedRequest } from './request-log.ts';
export { SandboxControl } from './control-client.ts';
