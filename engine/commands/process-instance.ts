import { EngineRejection, type CreateInstanceRequest, type JsonObject, type ProcessInstanceCreated } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { activateElement, terminateElement } from '../processing/lifecycle.ts';
import { mergeDocument, mergeLocal } from '../processing/variables.ts';
import type { DeployedProcess } from '../state/types.ts';

export function findDefinition(ctx: BatchContext, request: CreateInstanceRequest): DeployedProcess {
  const { state } = ctx;
  if (request.processDefinitionKey && request.processDefinitionKey !== '0' && request.processDefinitionKey !== '-1') {
    const def = state.definitions.get(request.processDefinitionKey);
    if (!def) throw new EngineRejection('NOT_FOUND', `Expected to find process definition with key '${request.processDefinitionKey}', but none found`);
    return def;
  }
  const id = request.bpmnProcessId ?? '';
  if (!id) throw new EngineRejection('INVALID_ARGUMENT', 'Expected either a bpmnProcessId or a processDefinitionKey, but both are missing');
  const latest = state.latestByProcessId.get(id);
  if (!latest) throw new EngineRejection('NOT_FOUND', `Expected to find process definition with process ID '${id}', but none found`);
  if (request.version === undefined || request.version < 0 || request.version === latest.version) return latest;
  for (const def of state.definitions.values()) {
    if (def.bpmnProcessId === id && def.version === request.version) return def;
  }
  throw new EngineRejection('NOT_FOUND', `Expected to find process definition with process ID '${id}' and version '${request.version}', but none found`);
}

export function createProcessInstance(ctx: BatchContext, request: CreateInstanceRequest, awaitResult = false): ProcessInstanceCreated {
  const def = findDefinition(ctx, request);
  const variables = request.variables ?? {};
  const startAt = request.startInstructions?.map((s) => s.elementId);
  if (startAt) {
    for (const id of startAt) {
      const node = def.model.nodes.get(id);
      if (!node) throw new EngineRejection('INVALID_ARGUMENT', `Expected to create instance of process with start instructions but no element found with id '${id}'.`);
      if (node.scopeId !== def.bpmnProcessId) {
        throw new EngineRejection('INVALID_ARGUMENT', `Expected to create instance of process with start instructions but the element with id '${id}' is inside a sub-process.`);
      }
    }
  } else if (!def.model.noneStartEventId) {
    throw new EngineRejection('INVALID_ARGUMENT', `Expected to create instance of process with none start event, but there is no such event`);
  }
  const processNode = def.model.nodes.get(def.bpmnProcessId)!;
  const key = ctx.state.nextKey();
  const created = { processDefinitionKey: def.key, bpmnProcessId: def.bpmnProcessId, version: def.version, processInstanceKey: key, tenantId: '<default>' };
  ctx.record({ key, valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED', processInstanceKey: key, bpmnProcessId: def.bpmnProcessId, value: { ...created, variables } });
  const instance = activateElement(ctx, def, processNode, null, { key });
  instance.startAt = startAt;
  instance.awaitingResult = awaitResult || undefined;
  mergeLocal(ctx, instance, variables);
  return created;
}

export function cancelProcessInstance(ctx: BatchContext, processInstanceKey: string): void {
  const instance = ctx.state.elements.get(processInstanceKey);
  if (!instance || instance.flowScopeKey !== null || instance.key !== instance.processInstanceKey) {
    throw new EngineRejection('NOT_FOUND', `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
  }
  if (instance.parentProcessInstanceKey) {
    throw new EngineRejection(
      'FAILED_PRECONDITION',
      `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${rootOf(ctx, instance.parentProcessInstanceKey)}' instead.`,
    );
  }
  if (instance.state === 'TERMINATING') {
    throw new EngineRejection('NOT_FOUND', `Expected to cancel a process instance with key '${processInstanceKey}', but it is already being terminated`);
  }
  terminateElement(ctx, instance);
}

function rootOf(ctx: BatchContext, processInstanceKey: string): string {
  let key = processInstanceKey;
  for (let p = ctx.state.elements.get(key); p?.parentProcessInstanceKey; p = ctx.state.elements.get(key)) key = p.parentProcessInstanceKey;
  return key;
}

export function setVariables(ctx: BatchContext, elementInstanceKey: string, variables: JsonObject, local: boolean): string {
  const instance = ctx.state.elements.get(elementInstanceKey);
  if (!instance) {
    throw new EngineRejection('NOT_FOUND', `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`);
  }
  const key = ctx.state.nextKey();
  ctx.record({ key, valueType: 'VARIABLE_DOCUMENT', intent: 'UPDATED', processInstanceKey: instance.processInstanceKey, bpmnProcessId: instance.bpmnProcessId, value: { scopeKey: elementInstanceKey, updateSemantics: local ? 'LOCAL' : 'PROPAGATE', variables } });
  // Non-local: propagation starts at the given scope, as Zeebe's SetVariables does.
  if (local) mergeLocal(ctx, instance, variables);
  else mergeDocument(ctx, instance, variables);
  return key;
}
