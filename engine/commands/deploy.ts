import type { DeploymentResult } from '../api.ts';
import type { ExecutableProcess } from '../model/types.ts';
import type { BatchContext } from '../processing/context.ts';
import type { DeployedProcess } from '../state/types.ts';
import { scheduleStartTimers } from './start-timers.ts';

export interface ParsedResource {
  name: string;
  xml: string;
  checksum: string;
  processes: ExecutableProcess[];
}

/**
 * Versions per bpmnProcessId: a resource identical to the latest version's resource
 * deploys nothing new and answers with the existing definition (Zeebe's duplicate check).
 */
export function deploy(ctx: BatchContext, resources: ParsedResource[]): DeploymentResult {
  const { state } = ctx;
  const deploymentKey = state.nextKey();
  const deployed: DeployedProcess[] = [];
  for (const resource of resources) {
    for (const model of resource.processes) {
      const latest = state.latestByProcessId.get(model.bpmnProcessId);
      if (latest && latest.checksum === resource.checksum && latest.resourceName === resource.name) {
        deployed.push(latest);
        continue;
      }
      const def: DeployedProcess = {
        key: state.nextKey(),
        bpmnProcessId: model.bpmnProcessId,
        version: (latest?.version ?? 0) + 1,
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
        value: { bpmnProcessId: def.bpmnProcessId, version: def.version, processDefinitionKey: def.key, resourceName: def.resourceName, checksum: def.checksum, tenantId: '<default>' },
      });
    }
  }
  const processes = deployed.map((d) => ({ bpmnProcessId: d.bpmnProcessId, version: d.version, processDefinitionKey: d.key, resourceName: d.resourceName, tenantId: '<default>' }));
  ctx.deployments.push({ key: deploymentKey, createdAt: ctx.now, resources: resources.map((r) => ({ name: r.name, checksum: r.checksum })) });
  ctx.record({ key: deploymentKey, valueType: 'DEPLOYMENT', intent: 'CREATED', value: { resources: resources.map((r) => r.name), processesMetadata: processes, tenantId: '<default>' } });
  return { key: deploymentKey, processes, tenantId: '<default>' };
}
