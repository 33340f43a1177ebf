import { z } from 'zod';
import type { DeployedDecisionRequirements } from '../../engine/state/types.ts';
import type { ApiContext } from './context.ts';
import { notFound } from './errors.ts';
import type { RouteRegistry } from './route.ts';

/** Deployed DMN resources (decision requirements graphs) and their decisions; deployed via POST /models. */

const READERS = ['analyst', 'developer', 'operator'] as const;

const drgSchema = z.object({
  decisionRequirementsId: z.string(),
  name: z.string(),
  latestVersion: z.number().int(),
  versions: z.array(z.object({ version: z.number().int(), decisionRequirementsKey: z.string(), resourceName: z.string(), deploymentKey: z.string(), decisions: z.record(z.string(), z.string()).describe('decision id → decision key') })),
});
const idParams = z.strictObject({ decisionRequirementsId: z.string().min(1).max(255).describe('the DMN definitions id') });

function describeDrg(versions: DeployedDecisionRequirements[]): z.infer<typeof drgSchema> {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const latest = sorted.at(-1)!;
  return {
    decisionRequirementsId: latest.decisionRequirementsId,
    name: latest.name,
    latestVersion: latest.version,
    versions: sorted.map((d) => ({ version: d.version, decisionRequirementsKey: d.key, resourceName: d.resourceName, deploymentKey: d.deploymentKey, decisions: d.decisionKeys })),
  };
}

export function decisionRoutes(api: RouteRegistry, ctx: ApiContext): void {
  const versionsOf = (id: string) => [...ctx.engine.view.decisionRequirements.values()].filter((d) => d.decisionRequirementsId === id);

  api.add({
    method: 'get',
    path: '/decisions',
    summary: 'List deployed DMN decision requirements with their versions and decisions',
    tag: 'models',
    roles: READERS,
    responses: { 200: { description: 'by definitions id', schema: z.object({ decisionRequirements: z.array(drgSchema) }) } },
    async handler() {
      const ids = [...new Set([...ctx.engine.view.decisionRequirements.values()].map((d) => d.decisionRequirementsId))].sort();
      return { body: { decisionRequirements: ids.map((id) => describeDrg(versionsOf(id))) } };
    },
  });

  api.add({
    method: 'get',
    path: '/decisions/:decisionRequirementsId/xml',
    summary: "A DMN resource's XML (the latest unless ?version=)",
    tag: 'models',
    roles: READERS,
    params: idParams,
    query: z.strictObject({ version: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').optional() }),
    responses: { 200: { description: 'the XML as deployed', schema: z.string(), contentType: 'application/xml' } },
    async handler({ params, query }) {
      const versions = versionsOf(params.decisionRequirementsId).sort((a, b) => a.version - b.version);
      if (!versions.length) throw notFound(`decision requirements '${params.decisionRequirementsId}'`);
      const drg = query.version === undefined ? versions.at(-1) : versions.find((d) => d.version === query.version);
      if (!drg) throw notFound(`version ${query.version} of decision requirements '${params.decisionRequirementsId}'`);
      return { body: drg.xml, contentType: 'application/xml' };
    },
  });
}
