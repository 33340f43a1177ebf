/** What every RPC module gets: the engine, a logger, and the gateway's shutdown signal. */
import type { UntypedHandleCall } from '@grpc/grpc-js';
import type { EngineOperations } from '../api.ts';
import type { GatewayLogger } from './status.ts';

export interface GatewayContext {
  engine: EngineOperations;
  log: GatewayLogger;
  /** Aborted when the gateway closes, so long polls and job streams end instead of holding it open. */
  closing: AbortSignal;
}

/** Handlers keyed by RPC name as written in the proto (`ActivateJobs`, ...). */
export type RpcHandlers = Record<string, UntypedHandleCall>;
