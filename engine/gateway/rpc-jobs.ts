/** Commands on an activated job: complete, fail, throw a BPMN error, change retries or timeout. */
import type { CompleteJobRequest as EngineCompleteJobRequest, UserTaskCorrections } from '../api.ts';
import type { GatewayContext, RpcHandlers } from './context.ts';
import { unary } from './status.ts';
import { parseDocument, toNumber, type Int64 } from './wire.ts';

interface CompleteJobRequest {
  jobKey: Int64;
  variables: string;
  /** Zeebe 8.8's job result (proto3 optional fields: absent = not given). */
  result?: {
    denied?: boolean;
    deniedReason?: string;
    type?: string;
    corrections?: {
      assignee?: string;
      dueDate?: string;
      followUpDate?: string;
      candidateUsers?: { values: string[] };
      candidateGroups?: { values: string[] };
      priority?: number;
    };
  };
}

interface FailJobRequest {
  jobKey: Int64;
  retries: number;
  errorMessage: string;
  retryBackOff: Int64;
  variables: string;
}

interface ThrowErrorRequest {
  jobKey: Int64;
  errorCode: string;
  errorMessage: string;
  variables: string;
}

interface UpdateJobRetriesRequest {
  jobKey: Int64;
  retries: number;
}

interface UpdateJobTimeoutRequest {
  jobKey: Int64;
  timeout: Int64;
}

type Empty = Record<string, never>;

export function jobRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    CompleteJob: unary<CompleteJobRequest, Empty>('CompleteJob', log, async (request) => {
      await engine.completeJob({ jobKey: String(request.jobKey), variables: parseDocument(request.variables), ...jobResult(request.result) });
      return {};
    }),

    FailJob: unary<FailJobRequest, Empty>('FailJob', log, async (request) => {
      const retryBackOff = toNumber(request.retryBackOff);
      await engine.failJob({
        jobKey: String(request.jobKey),
        retries: request.retries,
        errorMessage: request.errorMessage || undefined,
        retryBackOff: retryBackOff > 0 ? retryBackOff : undefined,
        variables: parseDocument(request.variables),
      });
      return {};
    }),

    ThrowError: unary<ThrowErrorRequest, Empty>('ThrowError', log, async (request) => {
      await engine.throwError({
        jobKey: String(request.jobKey),
        errorCode: request.errorCode,
        errorMessage: request.errorMessage || undefined,
        variables: parseDocument(request.variables),
      });
      return {};
    }),

    // Retries below 1 are the broker's to refuse (as in Zeebe, whose message carries the command prefix).
    UpdateJobRetries: unary<UpdateJobRetriesRequest, Empty>('UpdateJobRetries', log, async (request) => {
      await engine.updateJobRetries(String(request.jobKey), request.retries);
      return {};
    }),

    UpdateJobTimeout: unary<UpdateJobTimeoutRequest, Empty>('UpdateJobTimeout', log, async (request) => {
      await engine.updateJobTimeout(String(request.jobKey), toNumber(request.timeout));
      return {};
    }),
  };
}

/** The wire's job result as the engine's: only the corrections the client gave (in Zeebe's field order). */
function jobResult(result: CompleteJobRequest['result']): Pick<EngineCompleteJobRequest, 'result'> {
  if (!result) return {};
  const c = result.corrections;
  const corrections: UserTaskCorrections | undefined = c && {
    ...(c.assignee !== undefined ? { assignee: c.assignee } : {}),
    ...(c.dueDate !== undefined ? { dueDate: c.dueDate } : {}),
    ...(c.followUpDate !== undefined ? { followUpDate: c.followUpDate } : {}),
    ...(c.candidateUsers !== undefined ? { candidateUsers: c.candidateUsers?.values ?? [] } : {}),
    ...(c.candidateGroups !== undefined ? { candidateGroups: c.candidateGroups?.values ?? [] } : {}),
    ...(c.priority !== undefined ? { priority: c.priority } : {}),
  };
  return {
    result: {
      ...(result.denied !== undefined ? { denied: result.denied } : {}),
      ...(result.deniedReason !== undefined ? { deniedReason: result.deniedReason } : {}),
      ...(corrections ? { corrections } : {}),
    },
  };
}
