/** Commands on an activated job: complete, fail, throw a BPMN error, change retries or timeout. */
import type { GatewayContext, RpcHandlers } from './context.ts';
import { unary } from './status.ts';
import { parseDocument, toNumber, type Int64 } from './wire.ts';

interface CompleteJobRequest {
  jobKey: Int64;
  variables: string;
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
      await engine.completeJob({ jobKey: String(request.jobKey), variables: parseDocument(request.variables) });
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
