import { z } from 'zod';
import { EngineRejection } from '../../engine/api.ts';
import type { ApiContext } from './context.ts';
import { ApiError, fromRejection } from './errors.ts';
import { LINT_CONFIG, lintBpmn, type LintFinding } from './lint.ts';
import type { RouteRegistry } from './route.ts';
import { reason } from './schemas.ts';

/**
 * Deploying and linting models. BPMN is linted (Camunda 8.8 compatibility) before the engine
 * sees it: lint errors reject the deployment, warnings come back with it. DMN and rule sets
 * go to their deployers, or to the engine; while nothing takes them the answer is 501.
 */

type Kind = 'bpmn' | 'dmn' | 'rules';
const KIND_BY_EXTENSION: Array<[RegExp, Kind]> = [
  [/\.(bpmn|xml)$/i, 'bpmn'],
  [/\.dmn$/i, 'dmn'],
  [/\.json$/i, 'rules'],
];
const TEXT_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml', 'application/dmn+xml'];

const resourceSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').regex(/^[^/\\]+$/, 'must be a file name without folders').describe('file name; its extension tells the kind unless `kind` is given'),
  kind: z.enum(['bpmn', 'dmn', 'rules']).optional(),
  content: z.union([z.string().min(1, 'must not be empty'), z.record(z.string(), z.unknown())]).describe('BPMN/DMN XML, or a rule set as JSON (object or text)'),
});
const deployBody = z.strictObject({ resources: z.array(resourceSchema).min(1, 'must list at least one resource').max(50, 'must list at most 50 resources'), reason: reason.optional() });
const rawQuery = z.strictObject({
  name: z.string().optional().describe('raw XML uploads: the resource name (e.g. order.bpmn)'),
  kind: z.enum(['bpmn', 'dmn']).optional(),
});

const findingSchema = z.object({ resource: z.string(), rule: z.string(), elementId: z.string().optional(), message: z.string(), category: z.string() });
const deployedSchema = z.object({
  deploymentKey: z.string(),
  processes: z.array(z.object({ bpmnProcessId: z.string(), version: z.number().int(), processDefinitionKey: z.string(), resourceName: z.string() })),
  decisions: z.array(z.object({ dmnDecisionId: z.string(), version: z.number().int(), decisionKey: z.string() }).loose()),
  decisionRequirements: z.array(z.object({ dmnDecisionRequirementsId: z.string(), version: z.number().int(), resourceName: z.string() }).loose()),
  warnings: z.array(findingSchema),
  lintConfig: z.string(),
});
const lintResultSchema = z.object({ valid: z.boolean(), lintConfig: z.string(), errors: z.array(findingSchema), warnings: z.array(findingSchema) });

interface Resource {
  index: number;
  name: string;
  kind: Kind;
  content: string;
}

function classify(resources: z.infer<typeof resourceSchema>[]): Resource[] {
  return resources.map((r, index) => {
    const kind = r.kind ?? KIND_BY_EXTENSION.find(([re]) => re.test(r.name))?.[1];
    if (!kind) throw new ApiError(400, `resources[${index}].name: cannot tell the kind of '${r.name}' (use .bpmn, .dmn or .json, or give kind)`, `resources[${index}].name`);
    if (typeof r.content !== 'string' && kind !== 'rules') throw new ApiError(400, `resources[${index}].content: a ${kind} resource is XML text`, `resources[${index}].content`);
    let content = typeof r.content === 'string' ? r.content : JSON.stringify(r.content);
    if (kind === 'rules' && typeof r.content === 'string') {
      try {
        content = JSON.stringify(JSON.parse(r.content));
      } catch (err) {
        throw new ApiError(400, `resources[${index}].content: a rule set is JSON: ${err instanceof Error ? err.message : String(err)}`, `resources[${index}].content`);
      }
    }
    return { index, name: r.name, kind, content };
  });
}

async function lintAll(resources: Resource[]): Promise<{ errors: Array<LintFinding & { resource: string; index: number }>; warnings: Array<LintFinding & { resource: string }> }> {
  const errors: Array<LintFinding & { resource: string; index: number }> = [];
  const warnings: Array<LintFinding & { resource: string }> = [];
  for (const r of resources.filter((x) => x.kind === 'bpmn')) {
    const report = await lintBpmn(r.content);
    errors.push(...report.errors.map((f) => ({ resource: r.name, index: r.index, ...f })));
    warnings.push(...report.warnings.map((f) => ({ resource: r.name, ...f })));
  }
  return { errors, warnings };
}

const fromText = (text: string, query: z.infer<typeof rawQuery>) => {
  if (!query.name) throw new ApiError(400, 'name: is required for a raw XML upload (e.g. ?name=order.bpmn)', 'name');
  return { resources: [{ name: query.name, ...(query.kind ? { kind: query.kind } : {}), content: text }] };
};

export function deployRoutes(api: RouteRegistry, ctx: ApiContext): void {
  api.add({
    method: 'post',
    path: '/models/lint',
    summary: 'Lint BPMN models (Camunda 8.8 compatibility) without deploying',
    tag: 'models',
    roles: ['analyst', 'developer'],
    query: rawQuery,
    body: deployBody,
    text: { types: TEXT_TYPES, schema: z.string(), fromText },
    responses: { 200: { description: 'the findings; valid = no errors', schema: lintResultSchema } },
    async handler({ body }) {
      const { errors, warnings } = await lintAll(classify(body.resources));
      return { body: { valid: errors.length === 0, lintConfig: LINT_CONFIG, errors: errors.map(({ index: _i, ...f }) => f), warnings } };
    },
  });

  api.add({
    method: 'post',
    path: '/models',
    summary: 'Deploy BPMN (linted first), DMN or rule sets: JSON resources, or one raw XML document with ?name=',
    tag: 'models',
    roles: ['analyst', 'developer'],
    query: rawQuery,
    body: deployBody,
    text: { types: TEXT_TYPES, schema: z.string(), fromText },
    action: 'model.deploy',
    responses: {
      201: { description: 'deployed; lint warnings included', schema: deployedSchema },
      501: { description: 'DMN or rule sets while no module takes them' },
    },
    async handler({ body }) {
      const resources = classify(body.resources);
      const rules = resources.filter((r) => r.kind === 'rules');
      if (rules.length) return deployRules(ctx, resources, rules);
      const dmn = resources.filter((r) => r.kind === 'dmn');
      if (dmn.length && ctx.deployers.dmn) return deployWithPlugin(ctx.deployers.dmn, resources, dmn, 'DMN');
      const { errors, warnings } = await lintAll(resources);
      if (errors.length) {
        const first = errors[0]!;
        const field = `resources[${first.index}].content`;
        throw new ApiError(400, `${field}: ${errors.length} lint error(s) against ${LINT_CONFIG}; first: ${first.elementId ? `${first.elementId}: ` : ''}${first.message}`, field, {
          lint: { errors: errors.map(({ index: _i, ...f }) => f), warnings },
        });
      }
      let deployed;
      try {
        deployed = await ctx.engine.deployResources(resources.map((r) => ({ name: r.name, content: r.content })));
      } catch (err) {
        if (!(err instanceof EngineRejection)) throw err;
        if (dmn.length && /only so far/.test(err.message)) throw new ApiError(501, 'DMN deployment is not available until the decisions module lands');
        const culprit = resources.find((r) => err.message.includes(`'${r.name}'`));
        throw fromRejection(err, culprit ? `resources[${culprit.index}].content` : undefined);
      }
      const processes = deployed.processes.map(({ bpmnProcessId, version, processDefinitionKey, resourceName }) => ({ bpmnProcessId, version, processDefinitionKey, resourceName }));
      const decisions = deployed.decisions ?? [];
      const decisionRequirements = deployed.decisionRequirements ?? [];
      return {
        status: 201,
        body: { deploymentKey: deployed.key, processes, decisions, decisionRequirements, warnings, lintConfig: LINT_CONFIG },
        audit: {
          target: `deployment:${deployed.key}`,
          reason: body.reason,
          details: { resources: resources.map((r) => r.name), processes: processes.map((p) => `${p.bpmnProcessId} v${p.version}`), decisions: decisions.map((d) => `${d.dmnDecisionId} v${d.version}`) },
        },
      };
    },
  });
}

async function deployRules(ctx: ApiContext, all: Resource[], rules: Resource[]) {
  if (!ctx.deployers.rules) throw new ApiError(501, 'rule set deployment is not available until the rules module lands');
  return deployWithPlugin(ctx.deployers.rules, all, rules, 'rule set');
}

/** Modules outside the engine deploy on their own: one kind per request keeps that atomic. */
async function deployWithPlugin(deployer: NonNullable<ApiContext['deployers']['rules']>, all: Resource[], mine: Resource[], label: string) {
  if (mine.length !== all.length) {
    const other = all.find((r) => !mine.includes(r))!;
    throw new ApiError(400, `resources[${other.index}]: deploy ${label} resources in a request of their own`, `resources[${other.index}]`);
  }
  const result = await deployer.deploy(mine.map((r) => ({ name: r.name, content: r.content })));
  return { status: 201, body: { ...result, warnings: [] }, audit: { target: `${label}:${mine.map((r) => r.name).join(',')}`, details: { resources: mine.map((r) => r.name) } } };
}
