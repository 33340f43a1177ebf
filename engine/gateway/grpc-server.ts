/**
 * The Zeebe gRPC gateway in front of the embedded engine: any Zeebe client (the Node SDK,
 * zbctl, the Java client, Desktop Modeler) talks to Baton through it. It only translates;
 * every decision is the engine's, through EngineOperations.
 */
import { setMaxListeners } from 'node:events';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import pino from 'pino';
import type { EngineOperations } from '../api.ts';
import type { GatewayContext, RpcHandlers } from './context.ts';
import { gatewayService } from './proto.ts';
import { decisionRpcs } from './rpc-decisions.ts';
import { deployRpcs } from './rpc-deploy.ts';
import { incidentRpcs } from './rpc-incidents.ts';
import { jobActivationRpcs } from './rpc-job-activation.ts';
import { jobRpcs } from './rpc-jobs.ts';
import { messageRpcs } from './rpc-messages.ts';
import { modifyRpcs } from './rpc-modify.ts';
import { processInstanceRpcs } from './rpc-process-instances.ts';
import { topologyRpcs } from './rpc-topology.ts';
import type { GatewayLogger } from './status.ts';
import { unimplementedRpcs, withUnimplemented } from './unimplemented.ts';

export type { GatewayLogger } from './status.ts';

export interface GatewayOptions {
  /** 0 picks a free port (tests); Zeebe's default is 26500. */
  port: number;
  /** Interface to bind; default `localhost` (plaintext and unauthenticated: expose deliberately). */
  host?: string;
  logger?: GatewayLogger;
  /** How long close() lets in-flight calls finish before cutting them. Default 5000 ms. */
  shutdownGraceMs?: number;
}

export interface Gateway {
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  close(): Promise<void>;
}

function servedRpcs(context: GatewayContext): RpcHandlers {
  return {
    ...topologyRpcs(context),
    ...deployRpcs(context),
    ...processInstanceRpcs(context),
    ...jobActivationRpcs(context),
    ...jobRpcs(context),
    ...messageRpcs(context),
    ...incidentRpcs(context),
    ...modifyRpcs(context),
    ...decisionRpcs(context),
  };
}

/**
 * The RPCs of gateway.proto that answer UNIMPLEMENTED. Derived from the handler table (whose
 * factories only build closures, so a placeholder engine is never called) to stay in sync.
 */
export const UNIMPLEMENTED_RPCS: readonly string[] = unimplementedRpcs(
  servedRpcs({ engine: {} as EngineOperations, log: pino({ enabled: false }), closing: new AbortController().signal }),
);

export async function startGateway(engine: EngineOperations, options: GatewayOptions): Promise<Gateway> {
  const { port, host = 'localhost', logger = pino({ name: 'baton-gateway' }), shutdownGraceMs = 5000 } = options;
  const shutdown = new AbortController();
  // Every open long poll listens on this signal; hundreds of workers are normal, not a leak.
  setMaxListeners(0, shutdown.signal);
  const server = new Server();
  server.addService(gatewayService, withUnimplemented(servedRpcs({ engine, log: logger, closing: shutdown.signal })));

  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, bound) => {
      if (err) reject(new Error(`gRPC gateway could not listen on ${host}:${port}: ${err.message}`));
      else resolve(bound);
    });
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      // Long polls and job streams would otherwise hold tryShutdown open until their clients leave.
      shutdown.abort();
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, shutdownGraceMs);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    return closed;
  };

  return { port: boundPort, close };
}
