import { z } from 'zod';
import type { ElementInstance } from '../../engine/state/types.ts';
import type { ApiContext } from './context.ts';
import { ApiError, notFound } from './errors.ts';
import { elementHistory, finishedInstances, listInstances, liveSummary, recordedVariables } from './instance-queries.ts';
import type { RouteRegistry } from './route.ts';
import { isoDateTime, key, keyParams, pagination, reason, variables, withoutReserved } from './schemas.ts';

/** Process instances: start (the principal becomes `initiator`), list, inspect, cancel, set variables. */

const ROLES = ['developer', 'operator'] as const;
const instanceParams = keyParams('processInstanceKey', 'the process instance key');

const summarySchema = z.object({
  processInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  version: z.number().int(),
  processDefinitionKey: z.string(),
  state: z.enum(['active', 'completed', 'terminated']),
  businessKey: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  parentProcessInstanceKey: z.string().nullable(),
});
const detailSchema = summarySchema.extend({
  variables: z.record(z.string(), z.unknown()).describe("the instance scope's variables"),
  elementInstances: z.array(z.object({ elementInstanceKey: z.string(), elementId: z.string(), elementType: z.string(), state: z.string(), startedAt: z.string().nullable(), endedAt: z.string().nullable() })),
  incidents: z.array(z.object({ incidentKey: z.string(), errorType: z.string(), errorMessage: z.string(), elementId: z.string(), elementInstanceKey: z.string(), jobKey: z.string().nullable() })),
});

const startBody = z
  .strictObject({
    bpmnProcessId: z.string().min(1, 'must not be empty').max(255),
    version: z.number().int('must be an integer').min(1, 'must be at least 1').optional().describe('default: the latest'),
    businessKey: z.string().trim().min(1, 'must not be empty').max(255).optional().describe('stored as the variable businessKey'),
    variables: withoutReserved(variables, ['initiator']).optional(),
    reason: reason.optional(),
  })
  .superRefine((b, c) => {
    if (b.businessKey !== undefined && b.variables && Object.hasOwn(b.variables, 'businessKey')) {
      c.addIssue({ code: 'custom', path: ['variables', 'businessKey'], message: 'give the business key as businessKey, not as a variable' });
    }
  });

function liveRoot(ctx: ApiContext, key: string): ElementInstance | undefined {
  const e = ctx.engine.view.elements.get(key);
  return e && e.flowScopeKey === null && e.key === e.processInstanceKey ? e : undefined;
}

/** 404 for unknown instances, 409 for finished ones: an action needs a live instance. */
async function requireLive(ctx: ApiContext, key: string, action: string): Promise<ElementInstance> {
  const root = liveRoot(ctx, key);
  if (root) return root;
  const [finished] = await finishedInstances(ctx.knex, {}, 1, key);
  if (finished) throw new ApiError(409, `cannot ${action} process instance '${key}': it is ${finished.state}`);
  throw notFound(`process instance '${key}'`);
}

export function instanceRoutes(api: RouteRegistry, ctx: ApiContext): void {
  api.add({
    method: 'post',
    path: '/process-instances',
    summary: 'Start a process instance; the caller is stored as the variable initiator',
    tag: 'process-instances',
    roles: ROLES,
    body: startBody,
    action: 'process-instance.start',
    responses: { 201: { description: 'started', schema: summarySchema.pick({ processInstanceKey: true, bpmnProcessId: true, version: true, processDefinitionKey: true, businessKey: true }) } },
    async handler({ body, principal }) {
      const defs = [...ctx.engine.view.definitions.values()].filter((d) => d.bpmnProcessId === body.bpmnProcessId);
      if (!defs.length) throw notFound(`process model '${body.bpmnProcessId}'`);
      if (body.version !== undefined && !defs.some((d) => d.version === body.version)) throw notFound(`version ${body.version} of process model '${body.bpmnProcessId}'`);
      const vars = { ...body.variables, ...(body.businessKey !== undefined ? { businessKey: body.businessKey } : {}), initiator: principal.name };
      const created = await ctx.engine.createProcessInstance({ bpmnProcessId: body.bpmnProcessId, version: body.version, variables: vars });
      const businessKey = typeof vars.businessKey === 'string' ? vars.businessKey : null;
      return {
        status: 201,
        body: { processInstanceKey: created.processInstanceKey, bpmnProcessId: created.bpmnProcessId, version: created.version, processDefinitionKey: created.processDefinitionKey, businessKey },
        audit: { target: `process-instance:${created.processInstanceKey}`, processInstanceKey: created.processInstanceKey, reason: body.reason, details: { bpmnProcessId: created.bpmnProcessId, version: created.version, businessKey } },
      };
    },
  });

  api.add({
    method: 'get',
    path: '/process-instances',
    summary: 'List process instances, newest first',
    tag: 'process-instances',
    roles: ROLES,
    query: z.strictObject({
      bpmnProcessId: z.string().min(1).optional(),
      version: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').optional(),
      state: z.enum(['active', 'completed', 'terminated']).optional(),
      businessKey: z.string().min(1).optional(),
      startedAfter: isoDateTime.optional(),
      startedBefore: isoDateTime.optional(),
      ...pagination,
    }),
    responses: { 200: { description: 'the instances', schema: z.object({ instances: z.array(summarySchema) }) } },
    async handler({ query }) {
      return { body: { instances: await listInstances(ctx.knex, ctx.engine.view, query) } };
    },
  });

  api.add({
    method: 'get',
    path: '/process-instances/:processInstanceKey',
    summary: 'One process instance with its element instances, variables and open incidents',
    tag: 'process-instances',
    roles: ROLES,
    params: instanceParams,
    responses: { 200: { description: 'the instance', schema: detailSchema } },
    async handler({ params }) {
      const k = params.processInstanceKey;
      const view = ctx.engine.view;
      const root = liveRoot(ctx, k);
      const summary = root ? liveSummary(view, root) : (await finishedInstances(ctx.knex, {}, 1, k))[0];
      if (!summary) throw notFound(`process instance '${k}'`);
      const vars = root ? Object.fromEntries(view.variables.local(k)) : await recordedVariables(ctx.knex, k);
      const incidents = [...view.incidents.values()]
        .filter((i) => i.processInstanceKey === k)
        .map((i) => ({ incidentKey: i.key, errorType: i.errorType, errorMessage: i.errorMessage, elementId: i.elementId, elementInstanceKey: i.elementInstanceKey, jobKey: i.jobKey ?? null }));
      return { body: { ...summary, variables: vars, elementInstances: await elementHistory(ctx.knex, k), incidents } };
    },
  });

  api.add({
    method: 'post',
    path: '/process-instances/:processInstanceKey/cancel',
    summary: 'Cancel a running process instance',
    tag: 'process-instances',
    roles: ROLES,
    params: instanceParams,
    body: z.strictObject({ reason: reason.optional() }),
    action: 'process-instance.cancel',
    responses: { 204: { description: 'cancelled' } },
    async handler({ params, body }) {
      await requireLive(ctx, params.processInstanceKey, 'cancel');
      await ctx.engine.cancelProcessInstance(params.processInstanceKey);
      return { status: 204, audit: { target: `process-instance:${params.processInstanceKey}`, processInstanceKey: params.processInstanceKey, reason: body.reason } };
    },
  });

  api.add({
    method: 'patch',
    path: '/process-instances/:processInstanceKey/variables',
    summary: 'Set variables on a running instance (or one of its element instances)',
    tag: 'process-instances',
    roles: ROLES,
    params: instanceParams,
    body: z.strictObject({
      variables: withoutReserved(variables).refine((v) => Object.keys(v).length > 0, 'must set at least one variable'),
      elementInstanceKey: key.optional().describe('the scope; default the process instance'),
      local: z.boolean().optional().describe('true: set in that scope only; false (default): propagate like Zeebe'),
      reason: reason.optional(),
    }),
    action: 'process-instance.set-variables',
    responses: { 200: { description: 'set', schema: z.object({ key: z.string() }) } },
    async handler({ params, body }) {
      const root = await requireLive(ctx, params.processInstanceKey, 'set variables of');
      const scopeKey = body.elementInstanceKey ?? root.key;
      if (ctx.engine.view.elements.get(scopeKey)?.processInstanceKey !== root.key) {
        throw new ApiError(404, `elementInstanceKey: '${scopeKey}' is not a live element instance of process instance '${root.key}'`, 'elementInstanceKey');
      }
      const result = await ctx.engine.setVariables({ elementInstanceKey: scopeKey, variables: body.variables, local: body.local });
      return {
        body: result,
        audit: { target: `process-instance:${root.key}`, processInstanceKey: root.key, reason: body.reason, details: { scopeKey, names: Object.keys(body.variables), local: body.local ?? false } },
      };
    },
  });
}
