/** BroadcastSignal, ModifyProcessInstance, MigrateProcessInstance and DeleteResource: operator-level changes, thin translations. */
import type { GatewayContext, RpcHandlers } from './context.ts';
import { unary } from './status.ts';
import { checkTenants, parseDocument, type Int64 } from './wire.ts';

interface BroadcastSignalRequest {
  signalName: string;
  variables: string;
  tenantId: string;
}

interface ModifyProcessInstanceRequest {
  processInstanceKey: Int64;
  activateInstructions: Array<{
    elementId: string;
    ancestorElementInstanceKey: Int64;
    variableInstructions: Array<{ variables: string; scopeId: string }>;
  }>;
  terminateInstructions: Array<{ elementInstanceKey: Int64 }>;
}

interface MigrateProcessInstanceRequest {
  processInstanceKey: Int64;
  migrationPlan: {
    targetProcessDefinitionKey: Int64;
    mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>;
  } | null;
}

interface DeleteResourceRequest {
  resourceKey: Int64;
}

/** -1 and 0 (the proto default) both mean "no ancestor given". */
function ancestor(key: Int64): string | undefined {
  const text = String(key);
  return text === '' || text === '0' || text === '-1' ? undefined : text;
}

export function modifyRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    BroadcastSignal: unary<BroadcastSignalRequest, { key: string; tenantId: string }>('BroadcastSignal', log, async (request) => {
      checkTenants('BroadcastSignal', [request.tenantId]);
      return engine.broadcastSignal(request.signalName, parseDocument(request.variables) ?? {});
    }),
    ModifyProcessInstance: unary<ModifyProcessInstanceRequest, Record<string, never>>('ModifyProcessInstance', log, async (request) => {
      await engine.modifyProcessInstance({
        processInstanceKey: String(request.processInstanceKey),
        activate: (request.activateInstructions ?? []).map((a) => ({
          elementId: a.elementId,
          ancestorElementInstanceKey: ancestor(a.ancestorElementInstanceKey),
          variables: (a.variableInstructions ?? []).map((v) => ({ scopeId: v.scopeId || undefined, variables: parseDocument(v.variables) ?? {} })),
        })),
        terminate: (request.terminateInstructions ?? []).map((t) => String(t.elementInstanceKey)),
      });
      return {};
    }),
    MigrateProcessInstance: unary<MigrateProcessInstanceRequest, Record<string, never>>('MigrateProcessInstance', log, async (request) => {
      await engine.migrateProcessInstance({
        processInstanceKey: String(request.processInstanceKey),
        targetProcessDefinitionKey: String(request.migrationPlan?.targetProcessDefinitionKey ?? '0'),
        mappingInstructions: (request.migrationPlan?.mappingInstructions ?? []).map((m) => ({ sourceElementId: m.sourceElementId, targetElementId: m.targetElementId })),
      });
      return {};
    }),
    DeleteResource: unary<DeleteResourceRequest, Record<string, never>>('DeleteResource', log, async (request) => {
      await engine.deleteResource(String(request.resourceKey));
      return {};
    }),
  };
}
