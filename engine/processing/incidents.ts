import type { ElementInstance, Incident, IncidentErrorType, Job } from '../state/types.ts';
import type { BatchContext } from './context.ts';

/** An instance that cannot go on: it waits at this element until an operator resolves the incident. */
export function raiseElementIncident(
  ctx: BatchContext,
  instance: ElementInstance,
  errorType: IncidentErrorType,
  errorMessage: string,
  job?: Job,
): Incident {
  const incident: Incident = {
    key: ctx.state.nextKey(),
    errorType,
    errorMessage,
    processInstanceKey: instance.processInstanceKey,
    processDefinitionKey: instance.processDefinitionKey,
    bpmnProcessId: instance.bpmnProcessId,
    elementId: instance.elementId,
    elementInstanceKey: instance.key,
    jobKey: job?.key,
    createdAt: ctx.now,
  };
  ctx.state.incidents.put(incident);
  if (job) {
    job.incidentKey = incident.key;
    ctx.state.putJob(job);
  } else {
    instance.incidentKey = incident.key;
    ctx.state.putElement(instance);
  }
  recordIncident(ctx, incident, 'CREATED');
  return incident;
}

export function recordIncident(ctx: BatchContext, incident: Incident, intent: 'CREATED' | 'RESOLVED' | 'MIGRATED'): void {
  ctx.record({
    key: incident.key,
    valueType: 'INCIDENT',
    intent,
    processInstanceKey: incident.processInstanceKey,
    bpmnProcessId: incident.bpmnProcessId,
    elementId: incident.elementId,
    value: {
      errorType: incident.errorType,
      errorMessage: incident.errorMessage,
      bpmnProcessId: incident.bpmnProcessId,
      processDefinitionKey: incident.processDefinitionKey,
      processInstanceKey: incident.processInstanceKey,
      elementId: incident.elementId,
      elementInstanceKey: incident.elementInstanceKey,
      jobKey: incident.jobKey ?? '-1',
      tenantId: '<default>',
    },
  });
}

/** Removes an incident (resolved by an operator, or its element went away). */
export function removeIncident(ctx: BatchContext, incident: Incident): void {
  ctx.state.incidents.remove(incident.key);
  recordIncident(ctx, incident, 'RESOLVED');
  const instance = ctx.state.elements.get(incident.elementInstanceKey);
  if (instance?.incidentKey === incident.key) {
    instance.incidentKey = undefined;
    ctx.state.putElement(instance);
  }
  const job = incident.jobKey ? ctx.state.jobs.get(incident.jobKey) : undefined;
  if (job?.incidentKey === incident.key) {
    job.incidentKey = undefined;
    ctx.state.putJob(job);
  }
}

/** A terminated element takes its open incident (element or job) with it. */
export function resolveElementIncident(ctx: BatchContext, instance: ElementInstance): void {
  const keys = [instance.incidentKey, instance.jobKey ? ctx.state.jobs.get(instance.jobKey)?.incidentKey : undefined];
  for (const key of keys) {
    const incident = key ? ctx.state.incidents.get(key) : undefined;
    if (incident) removeIncident(ctx, incident);
  }
}
