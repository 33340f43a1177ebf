import { EngineRejection, type ModifyInstanceRequest } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { activateElement, definitionOf, terminateElement } from '../processing/lifecycle.ts';
import { mergeLocal } from '../processing/variables.ts';
import type { ElementInstance } from '../state/types.ts';

/**
 * ModifyProcessInstance: activate elements (in their flow scope's running instance, or the
 * given ancestor) with variables, and terminate element instances. A flow scope that a
 * terminate instruction leaves empty is terminated too, up to the process instance.
 * Everything is validated before anything changes.
 */
export function modifyProcessInstance(ctx: BatchContext, request: ModifyInstanceRequest): void {
  const root = ctx.state.elements.get(request.processInstanceKey);
  if (!root || root.flowScopeKey !== null) {
    throw new EngineRejection('NOT_FOUND', `Expected to modify process instance but no process instance found with key '${request.processInstanceKey}'`);
  }
  const def = definitionOf(ctx, root);
  const activations = request.activate.map((a) => {
    const node = def.model.nodes.get(a.elementId);
    if (!node || node.type === 'PROCESS') {
      throw new EngineRejection(
        'INVALID_ARGUMENT',
        `Expected to modify instance of process '${def.bpmnProcessId}' but it contains one or more activate instructions with an element that could not be found: '${a.elementId}'`,
      );
    }
    return { instruction: a, node, scope: findScope(ctx, root, node.scopeId, a.ancestorElementInstanceKey) };
  });
  const terminations = request.terminate.map((key) => {
    const instance = ctx.state.elements.get(key);
    if (!instance || instance.processInstanceKey !== root.key || instance.key === root.key) {
      throw new EngineRejection(
        'INVALID_ARGUMENT',
        `Expected to modify instance of process '${def.bpmnProcessId}' but it contains one or more terminate instructions with an element instance that could not be found: '${key}'`,
      );
    }
    return instance;
  });
  ctx.record({ key: ctx.state.nextKey(), valueType: 'PROCESS_INSTANCE_MODIFICATION', intent: 'MODIFIED', processInstanceKey: root.key, bpmnProcessId: root.bpmnProcessId, value: { activateInstructions: request.activate, terminateInstructions: request.terminate } });
  for (const { instruction, node, scope } of activations) {
    const instance = activateElement(ctx, def, node, scope);
    for (const v of instruction.variables ?? []) {
      const target = !v.scopeId ? root : v.scopeId === node.id ? instance : findScope(ctx, root, v.scopeId, undefined);
      mergeLocal(ctx, target, v.variables);
    }
  }
  // Zeebe 8.8: terminating by modification does not run user tasks' canceling listeners.
  ctx.modifying = true;
  try {
    for (const instance of terminations) {
      if (instance.flowScopeKey) ctx.terminateWhenEmpty.add(instance.flowScopeKey);
      terminateElement(ctx, instance);
    }
  } finally {
    ctx.modifying = false;
  }
}

function findScope(ctx: BatchContext, root: ElementInstance, scopeId: string, ancestorKey: string | undefined): ElementInstance {
  if (ancestorKey) {
    const ancestor = ctx.state.elements.get(ancestorKey);
    if (!ancestor || ancestor.processInstanceKey !== root.key) {
      throw new EngineRejection('INVALID_ARGUMENT', `Expected to modify instance of process '${root.bpmnProcessId}' but the ancestor element instance '${ancestorKey}' could not be found`);
    }
    if (ancestor.elementId === scopeId) return ancestor;
  }
  if (scopeId === root.elementId) return root;
  const candidates = [...ctx.state.elements.values()].filter((e) => e.processInstanceKey === root.key && e.elementId === scopeId && e.state === 'ACTIVATED');
  if (candidates.length === 1) return candidates[0]!;
  throw new EngineRejection(
    'INVALID_ARGUMENT',
    candidates.length
      ? `Expected to modify instance of process '${root.bpmnProcessId}' but the flow scope '${scopeId}' has several active instances; name one as ancestorElementInstanceKey`
      : `Expected to modify instance of process '${root.bpmnProcessId}' but the flow scope '${scopeId}' has no active instance (Baton does not create missing flow scopes)`,
  );
}
