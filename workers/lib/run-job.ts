import type { WorkerModule } from '../worker-module.ts';
import { callSystem, ExternalError } from './external.ts';
import { withExternalErrors, type ExternalErrorPolicy, type OutcomeJob } from './job-outcome.ts';

type HandlerJob = Parameters<WorkerModule['taskHandler']>[0];
type Acknowledgement = Awaited<ReturnType<HandlerJob['complete']>>;
type ErrorVariables = Extract<Parameters<HandlerJob['error']>[0], { errorCode: string }>['variables'];

/** Process variables as the scenario workers read and write them (plain JSON, nulls included). */
export type Variables = Record<string, unknown>;

/**
 * A business outcome the process models (a boundary event catches `code`), as opposed to a
 * technical failure. Thrown inside `runJob`, it becomes a BPMN error carrying these variables
 * and `errorDetails.message`; as in Zeebe, they reach the process only through the catching
 * event's output mappings.
 */
export class BusinessError extends Error {
  override name = 'BusinessError';
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Variables = {},
  ) {
    super(message);
  }
}

/**
 * Runs a worker's work and reports the outcome: a BusinessError becomes its BPMN error; every
 * other failure is classified by withExternalErrors (transient: retry with back-off; permanent:
 * the policy's business error, else an incident); a result completes the job.
 */
export async function runJob(job: OutcomeJob, fn: () => Promise<Variables> | Variables, policy: ExternalErrorPolicy = {}): Promise<Acknowledgement> {
  let result: Variables;
  try {
    result = await fn();
  } catch (err) {
    if (err instanceof BusinessError) {
      // errorDetails as withExternalErrors gives it, so a boundary's mappings read one shape.
      // The variables are JSON by construction (workers build them from JSON answers).
      const variables = { errorDetails: { message: err.message }, ...err.variables };
      return job.error({ errorCode: err.code, errorMessage: err.message, variables: variables as ErrorVariables });
    }
    return withExternalErrors(job, () => {
      throw err;
    }, policy);
  }
  return withExternalErrors(job, () => result, policy);
}

/**
 * Undoes something a worker created (compensation): DELETE it. Already gone (404) counts as
 * undone, so a retried or repeated compensation is harmless.
 */
export async function undo(system: string, path: string): Promise<'deleted' | 'already-gone'> {
  try {
    await callSystem(system, 'DELETE', path);
    return 'deleted';
  } catch (err) {
    if (err instanceof ExternalError && err.status === 404) return 'already-gone';
    throw err;
  }
}

/** A task header, trimmed; `fallback` when the model does not set it. */
export function header(job: { customHeaders: object }, name: string, fallback = ''): string {
  const value = (job.customHeaders as Record<string, unknown>)[name];
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

/**
 * createWorker's `fetchVariable` for a WorkerModule: only these variables are sent with each
 * job (worth it where a process holds large variables, e.g. migration batches). The SDK types
 * the option as keys of the handler's variable type, which a WorkerModule leaves open.
 */
export function fetchOnly(names: string[]): NonNullable<WorkerModule['options']>['fetchVariable'] {
  return names as NonNullable<WorkerModule['options']>['fetchVariable'];
}
