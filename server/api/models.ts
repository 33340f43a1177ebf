import { z } from 'zod';
import type { DeployedProcess } from '../../engine/state/types.ts';
import type { ApiContext } from './context.ts';
import { notFound } from './errors.ts';
import type { RouteRegistry } from './route.ts';

/** Reading deployed process models: what is deployed, every version, and each version's XML. */

const READERS = ['analyst', 'developer', 'operator'] as const;

const versionSchema = z.object({
  version: z.number().int(),
  processDefinitionKey: z.string(),
  resourceName: z.string(),
  deploymentKey: z.string(),
});
const modelSchema = z.object({
  bpmnProcessId: z.string(),
  name: z.string().nullable(),
  latestVersion: z.number().int(),
  versions: z.array(versionSchema).describe('oldest first'),
});
const idParams = z.strictObject({ bpmnProcessId: z.string().min(1).max(255).describe('the BPMN process id') });

function describeModel(defs: DeployedProcess[]): z.infer<typeof modelSchema> {
  const sorted = [...defs].sort((a, b) => a.version - b.version);
  const latest = sorted.at(-1)!;
  return {
    bpmnProcessId: latest.bpmnProcessId,
    name: latest.model.name ?? null,
    latestVersion: latest.version,
    versions: sorted.map((d) => ({ version: d.version, processDefinitionKey: d.key, resourceName: d.resourceName, deploymentKey: d.deploymentKey })),
  };
}

function versionsOf(ctx: ApiContext, bpmnProcessId: string): DeployedProcess[] {
  return [...ctx.engine.view.definitions.values()].filter((d) => d.bpmnProcessId === bpmnProcessId);
}

export function modelRoutes(api: RouteRegistry, ctx: ApiContext): void {
  api.add({
    method: 'get',
    path: '/models',
    summary: 'List deployed process models with their versions',
    tag: 'models',
    roles: READERS,
    responses: { 200: { description: 'the models, by process id', schema: z.object({ models: z.array(modelSchema) }) } },
    async handler() {
      const byId = new Map<string, DeployedProcess[]>();
      for (const def of ctx.engine.view.definitions.values()) byId.set(def.bpmnProcessId, [...(byId.get(def.bpmnProcessId) ?? []), def]);
      const models = [...byId.keys()].sort().map((id) => describeModel(byId.get(id)!));
      return { body: { models } };
    },
  });

  api.add({
    method: 'get',
    path: '/models/:bpmnProcessId',
    summary: "One process model's versions",
    tag: 'models',
    roles: READERS,
    params: idParams,
    responses: { 200: { description: 'the model', schema: modelSchema } },
    async handler({ params }) {
      const defs = versionsOf(ctx, params.bpmnProcessId);
      if (!defs.length) throw notFound(`process model '${params.bpmnProcessId}'`);
      return { body: describeModel(defs) };
    },
  });

  api.add({
    method: 'get',
    path: '/models/:bpmnProcessId/xml',
    summary: "A model version's BPMN XML (the latest unless ?version=)",
    tag: 'models',
    roles: READERS,
    params: idParams,
    query: z.strictObject({ version: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').optional().describe('the version; default latest') }),
    responses: { 200: { description: 'the XML as deployed', schema: z.string(), contentType: 'application/xml' } },
    async handler({ params, query }) {
      const defs = versionsOf(ctx, params.bpmnProcessId);
      if (!defs.length) throw notFound(`process model '${params.bpmnProcessId}'`);
      const def = query.version === undefined ? ctx.engine.view.latestByProcessId.get(params.bpmnProcessId) : defs.find((d) => d.version === query.version);
      if (!def) throw notFound(`version ${query.version} of process model '${params.bpmnProcessId}'`);
      return { body: def.xml, contentType: 'application/xml' };
    },
  });
}
