import { z } from 'zod';
import type { Incident } from '../../engine/state/types.ts';
import type { ApiContext } from './context.ts';
import { ApiError, notFound } from './errors.ts';
import type { RouteRegistry } from './route.ts';
import { key, keyParams, reason, variables, withoutReserved } from './schemas.ts';

/** Open incidents, and resolving one: optionally new variables and job retries first. */

const ROLES = ['operator'] as const;
const incidentSchema = z.object({
  incidentKey: z.string(),
  errorType: z.string(),
  errorMessage: z.string(),
  processInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  elementId: z.string(),
  elementInstanceKey: z.string(),
  jobKey: z.string().nullable(),
  jobRetries: z.number().int().nullable(),
  createdAt: z.string(),
});

export function incidentRoutes(api: RouteRegistry, ctx: ApiContext): void {
  const describe = (i: Incident) => ({
    incidentKey: i.key,
    errorType: i.errorType,
    errorMessage: i.errorMessage,
    processInstanceKey: i.processInstanceKey,
    bpmnProcessId: i.bpmnProcessId,
    elementId: i.elementId,
    elementInstanceKey: i.elementInstanceKey,
    jobKey: i.jobKey ?? null,
    jobRetries: i.jobKey ? (ctx.engine.view.jobs.get(i.jobKey)?.retries ?? null) : null,
    createdAt: new Date(i.createdAt).toISOString(),
  });
  const requireIncident = (k: string) => {
    const incident = ctx.engine.view.incidents.get(k);
    if (!incident) throw notFound(`incident '${k}'`);
    return incident;
  };

  api.add({
    method: 'get',
    path: '/incidents',
    summary: 'List open incidents',
    tag: 'incidents',
    roles: ROLES,
    query: z.strictObject({ processInstanceKey: key.optional(), bpmnProcessId: z.string().min(1).optional(), errorType: z.string().min(1).optional() }),
    responses: { 200: { description: 'the incidents, oldest first', schema: z.object({ incidents: z.array(incidentSchema) }) } },
    async handler({ query }) {
      const incidents = [...ctx.engine.view.incidents.values()]
        .filter((i) => (query.processInstanceKey === undefined || i.processInstanceKey === query.processInstanceKey) && (query.bpmnProcessId === undefined || i.bpmnProcessId === query.bpmnProcessId) && (query.errorType === undefined || i.errorType === query.errorType))
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(describe);
      return { body: { incidents } };
    },
  });

  api.add({
    method: 'get',
    path: '/incidents/:incidentKey',
    summary: 'One open incident',
    tag: 'incidents',
    roles: ROLES,
    params: keyParams('incidentKey', 'the incident key'),
    responses: { 200: { description: 'the incident', schema: incidentSchema } },
    async handler({ params }) {
      return { body: describe(requireIncident(params.incidentKey)) };
    },
  });

  api.add({
    method: 'post',
    path: '/incidents/:incidentKey/resolve',
    summary: "Resolve an incident: set variables on its element and/or its job's retries first, then retry",
    tag: 'incidents',
    roles: ROLES,
    params: keyParams('incidentKey', 'the incident key'),
    body: z.strictObject({
      variables: withoutReserved(variables).optional().describe("set (propagating) from the incident's element instance before resolving"),
      retries: z.number().int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100').optional().describe('job incidents: the retries the job gets'),
      reason: reason.optional(),
    }),
    action: 'incident.resolve',
    responses: { 204: { description: 'resolved' } },
    async handler({ params, body }) {
      const incident = requireIncident(params.incidentKey);
      const job = incident.jobKey ? ctx.engine.view.jobs.get(incident.jobKey) : undefined;
      // Every refusal is found before the first write: the steps below are separate commands.
      if (body.retries !== undefined && !job) throw new ApiError(400, `retries: incident '${incident.key}' is not a job's incident (${incident.errorType})`, 'retries');
      if (job && job.retries <= 0 && body.retries === undefined) {
        throw new ApiError(409, `incident '${incident.key}': job '${job.key}' has no retries left; give retries to resolve it`, 'retries');
      }
      if (body.variables && !ctx.engine.view.elements.has(incident.elementInstanceKey)) throw new ApiError(409, `incident '${incident.key}': its element instance is gone`);
      if (body.variables) await ctx.engine.setVariables({ elementInstanceKey: incident.elementInstanceKey, variables: body.variables });
      if (job && body.retries !== undefined) await ctx.engine.updateJobRetries(job.key, body.retries);
      await ctx.engine.resolveIncident(incident.key);
      return {
        status: 204,
        audit: {
          target: `incident:${incident.key}`,
          processInstanceKey: incident.processInstanceKey,
          reason: body.reason,
          details: { processInstanceKey: incident.processInstanceKey, errorType: incident.errorType, retries: body.retries ?? null, variables: body.variables ? Object.keys(body.variables) : [] },
        },
      };
    },
  });
}
