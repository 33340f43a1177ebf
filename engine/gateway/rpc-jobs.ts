/** Commands on an activated job: complete, fail, throw a BPMN error, change retries or timeout. */
import type { GatewayContext, RpcHandlers } from './context.ts';
import { invalidArgument, unary } from './status.ts';
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

    UpdateJobRetries: unary<UpdateJobRetriesRequest, Empty>('UpdateJobRetries', log, async (request) => {
      if (request.retries < 1) {
        // Zeebe's broker rejects this the same way; checked here so the engine never sees it.
        throw invalidArgument(
          `Expected to update retries for job with key '${request.jobKey}' with a positive amount of retries, but the amount given was '${request.retries}'`,
        );
      }
      await engine.updateJobRetries(String(request.jobKey), request.retries);
      return {};
    }),

    UpdateJobTimeout: unary<UpdateJobTimeoutRequest, Empty>('UpdateJobTimeout', log, async (request) => {
      await engine.updateJobTimeout(String(request.jobKey), toNumber(request.timeout));
      return {};
    }),
  };
}
