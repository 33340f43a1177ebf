import type { DeployedDecisionInfo, DeployedDecisionRequirementsInfo, DeploymentResult } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import type { DeployedDecision, DeployedDecisionRequirements, DeployedProcess } from '../state/types.ts';
import type { ParsedResource } from './parse-resources.ts';
import { scheduleStartTimers } from './start-timers.ts';

/**
 * Versions per bpmnProcessId (and per decision requirements id for DMN): a resource identical
 * to the latest version's deploys nothing new and answers with the existing version (Zeebe's
 * duplicate check).
 */
export function deploy(ctx: BatchContext, resources: ParsedResource[]): DeploymentResult {
  const deploymentKey = ctx.state.nextKey();
  const processes: DeployedProcess[] = [];
  const requirements: DeployedDecisionRequirements[] = [];
  for (const resource of resources) {
    if (resource.kind === 'bpmn') processes.push(...deployProcesses(ctx, resource, deploymentKey));
    else requirements.push(deployDecisions(ctx, resource, deploymentKey));
  }
  const result: DeploymentResult = {
    key: deploymentKey,
    processes: processes.map((d) => ({ bpmnProcessId: d.bpmnProcessId, version: d.version, processDefinitionKey: d.key, resourceName: d.resourceName, tenantId: '<default>' })),
    decisions: requirements.flatMap((r) => decisionInfos(ctx, r)),
    decisionRequirements: requirements.map(requirementsInfo),
    tenantId: '<default>',
  };
  ctx.deployments.push({ key: deploymentKey, createdAt: ctx.now, resources: resources.map((r) => ({ name: r.name, checksum: r.checksum })) });
  ctx.record({
    key: deploymentKey,
    valueType: 'DEPLOYMENT',
    intent: 'CREATED',
    value: { resources: resources.map((r) => r.name), processesMetadata: result.processes, decisionsMetadata: result.decisions, decisionRequirementsMetadata: result.decisionRequirements },
  });
  return result;
}

function deployProcesses(ctx: BatchContext, resource: Extract<ParsedResource, { kind: 'bpmn' }>, deploymentKey: string): DeployedProcess[] {
  const { state } = ctx;
  const deployed: DeployedProcess[] = [];
  for (const model of resource.processes) {
    const latest = state.latestByProcessId.get(model.bpmnProcessId);
    if (latest && latest.checksum === resource.checksum && latest.resourceName === resource.name) {
      deployed.push(latest);
      continue;
    }
    const def: DeployedProcess = {
      key: state.nextKey(),
      bpmnProcessId: model.bpmnProcessId,
      version: (state.highestVersion.get(model.bpmnProcessId) ?? 0) + 1,
      resourceName: resource.name,
      checksum: resource.checksum,
      deploymentKey,
      xml: resource.xml,
      model,
    };
    state.addDefinition(def, true);
    deployed.push(def);
    scheduleStartTimers(ctx, def, latest);
    ctx.record({
      key: def.key,
      valueType: 'PROCESS',
      intent: 'CREATED',
      bpmnProcessId: def.bpmnProcessId,
      value: { version: def.version, processDefinitionKey: def.key, resourceName: def.resourceName, checksum: def.checksum },
    });
  }
  return deployed;
}

function deployDecisions(ctx: BatchContext, resource: Extract<ParsedResource, { kind: 'dmn' }>, deploymentKey: string): DeployedDecisionRequirements {
  const { state } = ctx;
  const latest = state.latestRequirements.get(resource.drg.id);
  if (latest && latest.checksum === resource.checksum && latest.resourceName === resource.name) return latest;
  const key = state.nextKey();
  const decisions: DeployedDecision[] = [...resource.drg.decisions.values()].map((d) => ({
    key: state.nextKey(),
    decisionId: d.id,
    name: d.name,
    version: (state.latestDecision.get(d.id)?.version ?? 0) + 1,
    requirementsKey: key,
  }));
  const drg: DeployedDecisionRequirements = {
    key,
    decisionRequirementsId: resource.drg.id,
    name: resource.drg.name,
    version: (latest?.version ?? 0) + 1,
    resourceName: resource.name,
    checksum: resource.checksum,
    deploymentKey,
    xml: resource.xml,
    drg: resource.drg,
    decisionKeys: Object.fromEntries(decisions.map((d) => [d.decisionId, d.key])),
  };
  state.addDecisionRequirements(drg, decisions, true);
  ctx.record({ key: drg.key, valueType: 'DECISION_REQUIREMENTS', intent: 'CREATED', value: { ...requirementsInfo(drg) } });
  for (const d of decisions) ctx.record({ key: d.key, valueType: 'DECISION', intent: 'CREATED', value: { ...decisionInfo(drg, d) } });
  return drg;
}

function decisionInfos(ctx: BatchContext, drg: DeployedDecisionRequirements): DeployedDecisionInfo[] {
  return Object.values(drg.decisionKeys).map((key) => decisionInfo(drg, ctx.state.decisions.get(key)!));
}

function decisionInfo(drg: DeployedDecisionRequirements, d: DeployedDecision): DeployedDecisionInfo {
  return {
    dmnDecisionId: d.decisionId,
    dmnDecisionName: d.name,
    version: d.version,
    decisionKey: d.key,
    dmnDecisionRequirementsId: drg.decisionRequirementsId,
    decisionRequirementsKey: drg.key,
    tenantId: '<default>',
  };
}

function requirementsInfo(drg: DeployedDecisionRequirements): DeployedDecisionRequirementsInfo {
  return {
    dmnDecisionRequirementsId: drg.decisionRequirementsId,
    dmnDecisionRequirementsName: drg.name,
    version: drg.version,
    decisionRequirementsKey: drg.key,
    resourceName: drg.resourceName,
    tenantId: '<default>',
  };
}
