import { EngineRejection } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { removeIncident } from '../processing/incidents.ts';
import { makeActivatable } from '../processing/jobs.ts';
import { runActivation, runCompletion } from '../processing/lifecycle.ts';
import { retryTaskListeners } from '../processing/task-listeners.ts';

/**
 * Resolving retries what failed: a job goes back to the queue; an element re-runs the step
 * that failed (a failing step raises a new incident). As in Zeebe's IncidentResolveProcessor,
 * a job incident whose job still has no retries is refused (INVALID_STATE) and stays, and a
 * resolved job just becomes activatable again: no job record is written for it.
 */
export function resolveIncident(ctx: BatchContext, incidentKey: string): void {
  const incident = ctx.state.incidents.get(incidentKey);
  if (!incident) throw new EngineRejection('NOT_FOUND', `Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
  const job = incident.jobKey ? ctx.state.jobs.get(incident.jobKey) : undefined;
  if (job && job.retries <= 0) {
    // Zeebe 8.6 rejects this with NOT_FOUND (seen in the differential suite).
    throw new EngineRejection(
      'NOT_FOUND',
      `Expected to resolve incident with key '${incident.key}', but job with key '${job.key}' has no retries left. Please update the job retries and retry resolving the incident`,
    );
  }
  removeIncident(ctx, incident);
  const instance = ctx.state.elements.get(incident.elementInstanceKey);
  if (!instance) return;
  if (incident.jobKey) {
    if (job) makeActivatable(ctx, job);
    return;
  }
  // A user task's listener whose expressions failed: the whole transition runs again.
  if (retryTaskListeners(ctx, instance)) return;
  if (instance.state === 'ACTIVATING') ctx.enqueue(() => runActivation(ctx, instance.key));
  else if (instance.state === 'COMPLETING') ctx.enqueue(() => runCompletion(ctx, instance.key));
}
