import type { FlowNode } from '../model/types.ts';
import type { DeployedProcess, ElementInstance } from '../state/types.ts';
import { behaviourOf } from '../behaviours/registry.ts';
import type { BatchContext } from './context.ts';
import { recordElement } from './element-records.ts';
import { closeEventSubscriptions } from './event-subscriptions.ts';
import { resolveElementIncident } from './incidents.ts';
import { applyInputMappings, applyOutputs } from './mappings.ts';

/**
 * The element lifecycle every behaviour goes through, as in Zeebe:
 * ACTIVATING → ACTIVATED → COMPLETING → COMPLETED, or TERMINATING → TERMINATED.
 * Behaviours decide when to move on; this module does the shared mechanics
 * (records, mappings, subscriptions, scope bookkeeping, sequence flows).
 */

export function definitionOf(ctx: BatchContext, instance: ElementInstance): DeployedProcess {
  const def = ctx.state.definitions.get(instance.processDefinitionKey);
  if (!def) throw new Error(`process definition ${instance.processDefinitionKey} of element ${instance.key} is not loaded`);
  return def;
}

export function nodeOf(ctx: BatchContext, instance: ElementInstance): FlowNode {
  const node = definitionOf(ctx, instance).model.nodes.get(instance.elementId);
  if (!node) throw new Error(`element '${instance.elementId}' not found in process ${instance.bpmnProcessId}`);
  return node;
}

/** Creates the element instance and queues its activation. */
export function activateElement(
  ctx: BatchContext,
  def: DeployedProcess,
  node: FlowNode,
  flowScope: ElementInstance | null,
  options: { key?: string; variables?: Record<string, unknown> } = {},
): ElementInstance {
  const key = options.key ?? ctx.state.nextKey();
  const instance: ElementInstance = {
    key,
    processInstanceKey: flowScope?.processInstanceKey ?? key,
    processDefinitionKey: def.key,
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    elementId: node.id,
    elementType: node.type,
    flowScopeKey: flowScope?.key ?? null,
    state: 'ACTIVATING',
    activeChildren: 0,
    startedAt: ctx.now,
    pendingVariables: options.variables,
  };
  if (flowScope) {
    flowScope.activeChildren++;
    ctx.state.putElement(flowScope);
  }
  ctx.state.putElement(instance);
  recordElement(ctx, instance, 'ELEMENT_ACTIVATING');
  ctx.enqueue(() => runActivation(ctx, instance.key));
  return instance;
}

/** (Re-)runs the activation step: input mappings, then the behaviour. Incidents stop it here. */
export function runActivation(ctx: BatchContext, key: string): void {
  const instance = ctx.state.elements.get(key);
  if (!instance || instance.state !== 'ACTIVATING') return;
  const node = nodeOf(ctx, instance);
  if (node.inputs.length && !applyInputMappings(ctx, instance, node)) return;
  behaviourOf(node.type).onActivate(ctx, instance, node);
}

/** Behaviours call this once the element waits for (or has done) its work. */
export function transitionToActivated(ctx: BatchContext, instance: ElementInstance): void {
  instance.state = 'ACTIVATED';
  ctx.state.putElement(instance);
  recordElement(ctx, instance, 'ELEMENT_ACTIVATED');
}

/** The element's work is done (job completed, message arrived…): start completing it. */
export function completeElement(ctx: BatchContext, instance: ElementInstance, variables?: Record<string, unknown>): void {
  instance.state = 'COMPLETING';
  if (variables && Object.keys(variables).length) instance.pendingVariables = { ...instance.pendingVariables, ...variables };
  ctx.state.putElement(instance);
  recordElement(ctx, instance, 'ELEMENT_COMPLETING');
  ctx.enqueue(() => runCompletion(ctx, instance.key));
}

/** (Re-)runs the completion step: output mappings or propagation, then leave the element. */
export function runCompletion(ctx: BatchContext, key: string): void {
  const instance = ctx.state.elements.get(key);
  if (!instance || instance.state !== 'COMPLETING') return;
  const node = nodeOf(ctx, instance);
  if (!applyOutputs(ctx, instance, node)) return;
  const behaviour = behaviourOf(node.type);
  if (behaviour.onComplete && !behaviour.onComplete(ctx, instance, node)) return;
  closeEventSubscriptions(ctx, instance);
  instance.state = 'COMPLETED';
  instance.pendingVariables = undefined;
  recordElement(ctx, instance, 'ELEMENT_COMPLETED');
  const flowScope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
  const outgoing = behaviour.outgoingFlows ? behaviour.outgoingFlows(ctx, instance, node) : node.outgoing;
  removeInstance(ctx, instance, flowScope);
  if (!flowScope) {
    behaviour.onLeft?.(ctx, instance, node);
    return;
  }
  for (const flowId of outgoing) takeSequenceFlow(ctx, flowScope, flowId);
  checkScopeCompletion(ctx, flowScope);
}

export function takeSequenceFlow(ctx: BatchContext, flowScope: ElementInstance, flowId: string): void {
  const def = definitionOf(ctx, flowScope);
  const flow = def.model.flows.get(flowId);
  if (!flow) throw new Error(`sequence flow '${flowId}' not found`);
  ctx.record({
    key: ctx.state.nextKey(),
    valueType: 'PROCESS_INSTANCE',
    intent: 'SEQUENCE_FLOW_TAKEN',
    processInstanceKey: flowScope.processInstanceKey,
    bpmnProcessId: flowScope.bpmnProcessId,
    elementId: flow.id,
    value: {
      bpmnElementType: 'SEQUENCE_FLOW',
      flowScopeKey: flowScope.key,
      version: flowScope.version,
      processDefinitionKey: flowScope.processDefinitionKey,
    },
  });
  const target = def.model.nodes.get(flow.targetId)!;
  if (target.type === 'PARALLEL_GATEWAY' && target.incoming.length > 1) {
    arriveAtJoin(ctx, def, flowScope, target, flow.id);
    return;
  }
  activateElement(ctx, def, target, flowScope);
}

/** A parallel join fires once a token has arrived on every incoming flow. */
function arriveAtJoin(ctx: BatchContext, def: DeployedProcess, flowScope: ElementInstance, gateway: FlowNode, flowId: string): void {
  const joins = (flowScope.joins ??= {});
  const arrived = (joins[gateway.id] ??= {});
  arrived[flowId] = (arrived[flowId] ?? 0) + 1;
  if (gateway.incoming.every((f) => (arrived[f] ?? 0) > 0)) {
    for (const f of gateway.incoming) {
      arrived[f]! -= 1;
      if (arrived[f] === 0) delete arrived[f];
    }
    if (Object.keys(arrived).length === 0) delete joins[gateway.id];
    if (Object.keys(joins).length === 0) flowScope.joins = undefined;
    ctx.state.putElement(flowScope);
    activateElement(ctx, def, gateway, flowScope);
  } else {
    ctx.state.putElement(flowScope);
  }
}

function pendingJoinTokens(scope: ElementInstance): boolean {
  return !!scope.joins && Object.keys(scope.joins).length > 0;
}

/** A scope completes when nothing is left inside it: no element, no token waiting at a join. */
export function checkScopeCompletion(ctx: BatchContext, scope: ElementInstance): void {
  if (scope.activeChildren > 0) return;
  if (scope.state === 'TERMINATING') {
    finishTermination(ctx, scope);
    return;
  }
  if (scope.state !== 'ACTIVATED' || pendingJoinTokens(scope)) return;
  completeElement(ctx, scope);
}

function removeInstance(ctx: BatchContext, instance: ElementInstance, flowScope: ElementInstance | undefined): void {
  ctx.state.removeElement(instance.key);
  if (flowScope) {
    flowScope.activeChildren--;
    ctx.state.putElement(flowScope);
  }
}

/** Terminates an element and everything inside it; boundary and terminate-end follow-ups run after. */
export function terminateElement(ctx: BatchContext, instance: ElementInstance): void {
  if (instance.state === 'TERMINATING' || instance.state === 'TERMINATED' || instance.state === 'COMPLETED') return;
  instance.state = 'TERMINATING';
  ctx.state.putElement(instance);
  recordElement(ctx, instance, 'ELEMENT_TERMINATING');
  const node = nodeOf(ctx, instance);
  resolveElementIncident(ctx, instance);
  closeEventSubscriptions(ctx, instance);
  behaviourOf(node.type).onTerminate?.(ctx, instance, node);
  const children = ctx.state.childrenOf(instance.key);
  if (children.length === 0) {
    finishTermination(ctx, instance);
    return;
  }
  for (const child of children) terminateElement(ctx, child);
}

function finishTermination(ctx: BatchContext, instance: ElementInstance): void {
  if (instance.state !== 'TERMINATING' || instance.activeChildren > 0) return;
  instance.state = 'TERMINATED';
  recordElement(ctx, instance, 'ELEMENT_TERMINATED');
  const flowScope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
  removeInstance(ctx, instance, flowScope);
  const node = nodeOf(ctx, instance);
  if (!flowScope) {
    behaviourOf(node.type).onLeft?.(ctx, instance, node);
    return;
  }
  if (instance.interruptedBy) {
    const def = definitionOf(ctx, instance);
    const boundary = def.model.nodes.get(instance.interruptedBy.boundaryId)!;
    activateElement(ctx, def, boundary, flowScope, { variables: instance.interruptedBy.variables });
    return;
  }
  checkScopeCompletion(ctx, flowScope);
}
