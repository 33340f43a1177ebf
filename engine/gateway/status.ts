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

/** A request the gateway refuses itself: Zeebe's gateway words these without a command prefix. */
export class GatewayRejection extends EngineRejection {}

/** Shorthand for a request the gateway refuses before the engine sees it. */
export function invalidArgument(message: string): EngineRejection {
  return new GatewayRejection('INVALID_ARGUMENT', message);
}

/** The command intent each RPC submits, as Zeebe names it in its rejection messages. */
const COMMAND_OF: Record<string, string> = {
  DeployResource: 'CREATE',
  DeployProcess: 'CREATE',
  CreateProcessInstance: 'CREATE',
  CreateProcessInstanceWithResult: 'CREATE_WITH_AWAITING_RESULT',
  CancelProcessInstance: 'CANCEL',
  CompleteJob: 'COMPLETE',
  FailJob: 'FAIL',
  ThrowError: 'THROW_ERROR',
  UpdateJobRetries: 'UPDATE_RETRIES',
  UpdateJobTimeout: 'UPDATE_TIMEOUT',
  PublishMessage: 'PUBLISH',
  SetVariables: 'UPDATE',
  ResolveIncident: 'RESOLVE',
  BroadcastSignal: 'BROADCAST',
  ModifyProcessInstance: 'MODIFY',
  MigrateProcessInstance: 'MIGRATE',
  DeleteResource: 'DELETE',
  EvaluateDecision: 'EVALUATE',
};

/** The broker's rejection types behind the gRPC statuses its gateway maps them to. */
const REJECTION_TYPE: Partial<Record<RejectionCode, string>> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  FAILED_PRECONDITION: 'INVALID_STATE',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
};

export function toServiceError(rpc: string, err: unknown, log: GatewayLogger): Partial<ServerErrorResponse> {
  if (err instanceof EngineRejection) {
    const type = REJECTION_TYPE[err.code];
    const command = COMMAND_OF[rpc];
    // A broker rejection reaches Zeebe clients as "Command 'X' rejected with code 'Y': message".
    const details = type && command && !(err instanceof GatewayRejection) ? `Command '${command}' rejected with code '${type}': ${err.message}` : err.message;
    return { code: STATUS_OF[err.code] ?? status.UNKNOWN, details };
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
