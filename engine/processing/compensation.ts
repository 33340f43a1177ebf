import type { FlowNode } from '../model/types.ts';
import type { CompensableActivity, DeployedProcess, ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { recordElement } from './element-records.ts';
import { activateElement, completeElement, definitionOf } from './lifecycle.ts';

/**
 * Compensation as Zeebe runs it: every completed activity with a compensation handler is
 * remembered by its scope (a multi-instance activity once, for its body); a completed
 * sub-process hands its remembered activities up. A compensation throw invokes the handlers of
 * all of them (or of `activityRef`) at once and waits until every handler has completed.
 */
export function rememberCompensable(ctx: BatchContext, instance: ElementInstance, node: FlowNode, flowScope: ElementInstance | undefined): void {
  if (!flowScope) return;
  const isInner = !!node.loop && instance.elementType !== 'MULTI_INSTANCE_BODY';
  const entries: CompensableActivity[] = [];
  if (node.compensationHandler && !isInner) entries.push({ elementId: node.id, handlerId: node.compensationHandler });
  if (instance.compensable?.length && (instance.elementType === 'SUB_PROCESS' || instance.elementType === 'MULTI_INSTANCE_BODY')) {
    entries.push(...instance.compensable.map((e) => ({ ...e, viaSubProcess: e.viaSubProcess ?? node.id })));
  }
  if (!entries.length) return;
  flowScope.compensable = [...(flowScope.compensable ?? []), ...entries];
  ctx.state.putElement(flowScope);
  for (const e of entries) {
    if (e.viaSubProcess) continue;
    recordCompensation(ctx, instance, e, 'CREATED');
  }
}

/** Invokes the handlers; false if there was nothing to compensate (the throw event goes on). */
export function startCompensation(ctx: BatchContext, thrower: ElementInstance, activityRef: string | undefined): boolean {
  let scope = thrower.flowScopeKey ? ctx.state.elements.get(thrower.flowScopeKey) : undefined;
  // A compensation thrown from an event sub-process compensates the scope around it.
  if (scope?.elementType === 'EVENT_SUB_PROCESS' && scope.flowScopeKey) scope = ctx.state.elements.get(scope.flowScopeKey);
  if (!scope?.compensable?.length) return false;
  const chosen = scope.compensable.filter((e) => !activityRef || e.elementId === activityRef || e.viaSubProcess === activityRef);
  if (!chosen.length) return false;
  scope.compensable = scope.compensable.filter((e) => !chosen.includes(e));
  if (!scope.compensable.length) scope.compensable = undefined;
  ctx.state.putElement(scope);
  const def = definitionOf(ctx, scope);
  thrower.waitingHandlers = chosen.length;
  ctx.state.putElement(thrower);
  for (const entry of chosen) {
    recordCompensation(ctx, thrower, entry, 'TRIGGERED');
    recordBoundaryPassage(ctx, scope, def, entry.elementId);
    const handler = activateElement(ctx, def, def.model.nodes.get(entry.handlerId)!, scope);
    handler.compensationThrowKey = thrower.key;
    ctx.state.putElement(handler);
  }
  return true;
}

/**
 * Zeebe (CompensationEventBehavior) activates and completes the compensation boundary event of
 * the compensated activity before it activates the handler, so the boundary event shows in the
 * instance's records as a completed element; it holds no state in between.
 */
function recordBoundaryPassage(ctx: BatchContext, scope: ElementInstance, def: DeployedProcess, activityId: string): void {
  const boundaryId = def.model.nodes.get(activityId)?.boundaryEvents.find((id) => def.model.nodes.get(id)?.event?.type === 'compensation');
  if (!boundaryId) return;
  const boundary: ElementInstance = {
    key: ctx.state.nextKey(),
    processInstanceKey: scope.processInstanceKey,
    processDefinitionKey: def.key,
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    elementId: boundaryId,
    elementType: 'BOUNDARY_EVENT',
    flowScopeKey: scope.key,
    state: 'ACTIVATING',
    activeChildren: 0,
    startedAt: ctx.now,
  };
  for (const intent of ['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED'] as const) recordElement(ctx, boundary, intent);
}

/** A handler finished: the throw event it belongs to completes once all its handlers have. */
export function handlerLeft(ctx: BatchContext, handler: ElementInstance): void {
  if (!handler.compensationThrowKey) return;
  const thrower = ctx.state.elements.get(handler.compensationThrowKey);
  if (!thrower || thrower.state !== 'ACTIVATED') return;
  recordCompensation(ctx, handler, { elementId: handler.elementId, handlerId: handler.elementId }, 'COMPLETED');
  thrower.waitingHandlers = (thrower.waitingHandlers ?? 1) - 1;
  ctx.state.putElement(thrower);
  if (thrower.waitingHandlers <= 0) completeElement(ctx, thrower);
}

function recordCompensation(ctx: BatchContext, instance: ElementInstance, entry: CompensableActivity, intent: 'CREATED' | 'TRIGGERED' | 'COMPLETED'): void {
  ctx.record({
    key: ctx.state.nextKey(),
    valueType: 'COMPENSATION_SUBSCRIPTION',
    intent,
    processInstanceKey: instance.processInstanceKey,
    bpmnProcessId: instance.bpmnProcessId,
    elementId: entry.elementId,
    value: { compensableActivityId: entry.elementId, compensationHandlerId: entry.handlerId, throwEventInstanceKey: intent === 'TRIGGERED' ? instance.key : '-1' },
  });
}
