/**
 * Errors → gRPC status. An EngineRejection is a refused command: its code says which status
 * Zeebe's gateway would use. Anything else is a bug or an infrastructure failure: INTERNAL
 * with the message, and it is logged because the client only sees one line.
 */
import { status, type handleUnaryCall, type ServerErrorResponse } from '@grpc/grpc-js';
import { EngineRejection, type RejectionCode } from '../api.ts';

/** The slice of a pino logger the gateway uses (pino's Logger satisfies it). */
export interface GatewayLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const STATUS_OF: Record<RejectionCode, status> = {
  NOT_FOUND: status.NOT_FOUND,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
  UNAVAILABLE: status.UNAVAILABLE,
};

/** Shorthand for a request the gateway refuses before the engine sees it. */
export function invalidArgument(message: string): EngineRejection {
  return new EngineRejection('INVALID_ARGUMENT', message);
}

export function toServiceError(rpc: string, err: unknown, log: GatewayLogger): Partial<ServerErrorResponse> {
  if (err instanceof EngineRejection) {
    return { code: STATUS_OF[err.code] ?? status.UNKNOWN, details: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  log.error({ rpc, err }, `gateway: ${rpc} failed unexpectedly`);
  return { code: status.INTERNAL, details: `Unexpected error in ${rpc}: ${message}` };
}

/** A unary RPC as an async function from request to response; errors become statuses. */
export function unary<Req, Res>(rpc: string, log: GatewayLogger, handle: (request: Req) => Promise<Res>): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    // Wrapped in an async thunk so that synchronous throws (validation) take the same path.
    void (async () => handle(call.request))().then(
      (response) => callback(null, response),
      (err: unknown) => callback(toServiceError(rpc, err, log)),
    );
  };
}
