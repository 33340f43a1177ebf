/**
 * Every RPC of the proto that Baton does not serve answers UNIMPLEMENTED by name, rather than
 * grpc-js's generic "method not implemented", so the client's error says what is missing.
 */
import { status, type ServerWritableStream, type UntypedHandleCall, type sendUnaryData } from '@grpc/grpc-js';
import type { RpcHandlers } from './context.ts';
import { gatewayService } from './proto.ts';

function unimplemented(rpc: string, responseStream: boolean): UntypedHandleCall {
  const error = { code: status.UNIMPLEMENTED, details: `Baton does not implement ${rpc} yet` };
  if (responseStream) {
    return (call: ServerWritableStream<unknown, unknown>) => call.emit('error', error);
  }
  return (_call: unknown, callback: sendUnaryData<unknown>) => callback(error);
}

/** The proto's RPCs missing from `served`, in proto order. */
export function unimplementedRpcs(served: RpcHandlers): string[] {
  return Object.keys(gatewayService).filter((rpc) => !(rpc in served));
}

/** `served` completed with an UNIMPLEMENTED handler for each RPC it lacks. */
export function withUnimplemented(served: RpcHandlers): RpcHandlers {
  const handlers: RpcHandlers = { ...served };
  for (const rpc of unimplementedRpcs(served)) {
    handlers[rpc] = unimplemented(rpc, gatewayService[rpc].responseStream);
  }
  return handlers;
}
