/**
 * Small patterns the enterprise workflows' workers share, on top of external.ts and
 * job-outcome.ts: typed variables, giving up on a step that is not critical, best-effort
 * sources, and undoing a create in a compensation handler.
 */
import type { WorkerModule } from '../worker-module.ts';
import { callSystem, ExternalError, isTransient } from './external.ts';
import { withExternalErrors, type ExternalErrorPolicy, type OutcomeJob } from './job-outcome.ts';

type HandlerJob = Parameters<WorkerModule['taskHandler']>[0];
type Acknowledgement = Awaited<ReturnType<HandlerJob['complete']>>;
type Result = Record<string, unknown> | void;

/**
 * The job's variables as the worker expects them. The process model guarantees their shape
 * (or a validating worker checks it first): this only names the type, it checks nothing.
 */
export function variablesOf<T>(job: { variables: unknown }): T {
  return job.variables as T;
}

/** Raised on a step's last attempt: the system stayed unavailable, so the step gives up. */
class GaveUp extends Error {
  override name = 'GaveUp';
}

/** Did this attempt use the job's last retry? (Zeebe counts retries down to 0, then an incident.) */
export function lastAttempt(job: Pick<OutcomeJob, 'retries'>): boolean {
  return job.retries <= 1;
}

/**
 * For steps the process can do without (a support portal, an e-mail, one of several sources):
 * like withExternalErrors, but a transient failure on the last attempt becomes the business
 * error too, so a boundary records it and the process goes on, instead of an incident that
 * stops the instance for something it does not need.
 */
export function withGiveUp(job: OutcomeJob, fn: () => Promise<Result> | Result, policy: ExternalErrorPolicy & { businessErrorCode: string }): Promise<Acknowledgement> {
  return withExternalErrors(
    job,
    async () => {
      try {
        return await fn();
      } catch (err) {
        if (lastAttempt(job) && isTransient(err)) throw new GaveUp(`gave up after the last retry: ${(err as Error).message}`);
        throw err;
      }
    },
    policy,
  );
}

/**
 * A best-effort source of findings: when it cannot be read (a permanent error, or a
 * transient one on the last attempt) the job completes with `fallback(reason)` and the
 * process goes on with what the other sources gave; earlier transient failures retry.
 */
export function orUnavailable(job: OutcomeJob, fn: () => Promise<Record<string, unknown>>, fallback: (reason: string) => Record<string, unknown>, policy: ExternalErrorPolicy = {}): Promise<Acknowledgement> {
  return withExternalErrors(
    job,
    async () => {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ExternalError) && !isTransient(err)) throw err; // a bug: an incident, not "unavailable"
        if (isTransient(err) && !lastAttempt(job)) throw err;
        return fallback((err as Error).message);
      }
    },
    policy,
  );
}

/**
 * Undoes a create in a compensation handler: DELETE the record. A record that is already
 * gone (404: an earlier attempt deleted it, or someone else did) counts as undone, so the
 * handler can be retried safely.
 */
export async function deleteRecord(system: string, path: string): Promise<'deleted' | 'already-gone'> {
  try {
    await callSystem(system, 'DELETE', path);
    return 'deleted';
  } catch (err) {
    if (err instanceof ExternalError && err.status === 404) return 'already-gone';
    throw err;
  }
}

/** The `id` of a created record: every system answers a create with `{ id, ... }`. */
export function idOf(answer: unknown, what: string): string {
  const id = (answer as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !id) throw new ExternalError(`${what}: the answer carried no id`, { status: 502, transient: true });
  return id;
}
