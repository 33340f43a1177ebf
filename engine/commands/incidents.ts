import { EngineRejection } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { raiseElementIncident, removeIncident } from '../processing/incidents.ts';
import { makeActivatable, recordJob } from '../processing/jobs.ts';
import { runActivation, runCompletion } from '../processing/lifecycle.ts';

/**
 * Resolving retries what failed: a job goes back to the queue (a job still without retries
 * gets a new incident at once, as in Zeebe); an element re-runs the step that failed.
 */
export function resolveIncident(ctx: BatchContext, incidentKey: string): void {
  const incident = ctx.state.incidents.get(incidentKey);
  if (!incident) throw new EngineRejection('NOT_FOUND', `Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
  removeIncident(ctx, incident);
  const instance = ctx.state.elements.get(incident.elementInstanceKey);
  if (!instance) return;
  if (incident.jobKey) {
    const job = ctx.state.jobs.get(incident.jobKey);
    if (!job) return;
    if (job.state === 'ERROR_THROWN' || job.retries > 0) {
      makeActivatable(ctx, job);
      recordJob(ctx, job, 'RECURRED_AFTER_BACKOFF');
    } else {
      raiseElementIncident(ctx, instance, 'JOB_NO_RETRIES', job.errorMessage || 'No more retries left.', job);
    }
    return;
  }
  if (instance.state === 'ACTIVATING') ctx.enqueue(() => runActivation(ctx, instance.key));
  else if (instance.state === 'COMPLETING') ctx.enqueue(() => runCompletion(ctx, instance.key));
}
