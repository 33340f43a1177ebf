/** DeployResource, and its pre-8.0 form DeployProcess (still sent by old clients and zbctl). */
import type { DeployedDecisionInfo, DeployedDecisionRequirementsInfo, DeployResource, DeploymentResult } from '../api.ts';
import type { GatewayContext, RpcHandlers } from './context.ts';
import { invalidArgument, unary } from './status.ts';
import { checkTenants } from './wire.ts';

interface DeployResourceRequest {
  resources: Array<{ name: string; content: Buffer }>;
  tenantId: string;
}

interface ProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}

interface DeployResourceResponse {
  key: string;
  /** One entry per deployed artefact; the oneof field names its kind. */
  deployments: Array<{ process: ProcessMetadata } | { decision: DeployedDecisionInfo } | { decisionRequirements: DeployedDecisionRequirementsInfo }>;
  tenantId: string;
}

interface DeployProcessRequest {
  processes: Array<{ name: string; definition: Buffer }>;
}

interface DeployProcessResponse {
  key: string;
  processes: ProcessMetadata[];
}

function processMetadata(result: DeploymentResult): ProcessMetadata[] {
  return result.processes.map((p) => ({
    bpmnProcessId: p.bpmnProcessId,
    version: p.version,
    processDefinitionKey: p.processDefinitionKey,
    resourceName: p.resourceName,
    tenantId: p.tenantId || result.tenantId,
  }));
}

function requireResources(resources: DeployResource[]): DeployResource[] {
  if (resources.length === 0) throw invalidArgument('Expected to deploy at least one resource, but none given');
  return resources;
}

export function deployRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    DeployResource: unary<DeployResourceRequest, DeployResourceResponse>('DeployResource', log, async (request) => {
      checkTenants('DeployResource', [request.tenantId]);
      const resources = requireResources(request.resources.map((r) => ({ name: r.name, content: r.content })));
      const result = await engine.deployResources(resources);
      return {
        key: result.key,
        deployments: [
          ...processMetadata(result).map((process) => ({ process })),
          // Zeebe lists the requirements graph before its decisions.
          ...result.decisionRequirements.map((decisionRequirements) => ({ decisionRequirements })),
          ...result.decisions.map((decision) => ({ decision })),
        ],
        tenantId: result.tenantId,
      };
    }),

    DeployProcess: unary<DeployProcessRequest, DeployProcessResponse>('DeployProcess', log, async (request) => {
      const resources = requireResources(request.processes.map((p) => ({ name: p.name, content: p.definition })));
      const result = await engine.deployResources(resources);
      return { key: result.key, processes: processMetadata(result) };
    }),
  };
}
