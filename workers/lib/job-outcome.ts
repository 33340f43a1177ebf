import type { WorkerModule } from '../worker-module.ts';
import { backoffMs, ExternalError, isTransient } from './external.ts';

type HandlerJob = Parameters<WorkerModule['taskHandler']>[0];
type Acknowledgement = Awaited<ReturnType<HandlerJob['complete']>>;
/** The SDK's JSON document type for BPMN error variables (it has no room for `unknown`). */
type ErrorVariables = Extract<Parameters<HandlerJob['error']>[0], { errorCode: string }>['variables'];

/**
 * Just what this helper uses of a job. Method syntax on purpose: TypeScript compares method
 * parameters bivariantly, so a ZeebeJob of any variable types fits (a WorkerModule's job, or
 * one from createWorker<Input, Headers, Output>), which a Pick of one ZeebeJob type would not.
 */
export interface OutcomeJob {
  readonly retries: number;
  complete(variables?: Record<string, unknown>): Promise<Acknowledgement>;
  fail(failure: { errorMessage: string; retries?: number; retryBackOff?: number }): Promise<Acknowledgement>;
  error(error: { errorCode: string; errorMessage?: string; variables: ErrorVariables }): Promise<Acknowledgement>;
}

export interface ExternalErrorPolicy {
  /** Permanent failures (a 4xx, e.g. a 422 rejection) become this BPMN error, for a boundary to catch. */
  businessErrorCode?: string;
  /** The retries the task is modelled with (zeebe:taskDefinition retries, default 3): gives the attempt number for back-off. */
  maxRetries?: number;
  /** First back-off (default 1000 ms) and its ceiling (default 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Errors that are bugs in the worker, never a business outcome: they go to an incident. */
const PROGRAMMING_ERRORS = [TypeError, ReferenceError, SyntaxError, RangeError];

/** What a catching boundary (or an operator) gets to see about the failure. */
function errorDetails(err: unknown): Record<string, unknown> {
  if (err instanceof ExternalError) {
    return { message: err.message, status: err.status, ...(err.system ? { system: err.system } : {}), ...(err.body === undefined ? {} : { body: err.body }) };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

/**
 * Runs `fn` for a job and reports the outcome to the engine:
 * - success: complete the job with what `fn` returned;
 * - transient failure (5xx, 408, 429, timeout, connection): fail with one retry fewer and an
 *   exponential back-off, so the engine retries later (an incident once retries run out);
 * - permanent failure with `businessErrorCode`: throw that BPMN error (variables.errorDetails);
 * - permanent failure without one, or a bug in the worker: fail with no retries (an incident
 *   an operator resolves), since trying again cannot help.
 */
export async function withExternalErrors(
  job: OutcomeJob,
  fn: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
  policy: ExternalErrorPolicy = {},
): Promise<Acknowledgement> {
  let result: Record<string, unknown> | void;
  try {
    result = await fn();
  } catch (err) {
    const errorMessage = err instanceof Error ? err.message : String(err);
    if (isTransient(err)) {
      return job.fail({ errorMessage, retries: job.retries - 1, retryBackOff: backoffMs(job.retries, policy.initialBackoffMs, policy.maxBackoffMs, policy.maxRetries) });
    }
    const isBug = PROGRAMMING_ERRORS.some((kind) => err instanceof kind);
    if (policy.businessErrorCode && !isBug) {
      // errorDetails is JSON by construction (an error's message, status and decoded body).
      return job.error({ errorCode: policy.businessErrorCode, errorMessage, variables: { errorDetails: errorDetails(err) } as ErrorVariables });
    }
    return job.fail({ errorMessage, retries: 0 });
  }
  return job.complete(result ?? {});
}
