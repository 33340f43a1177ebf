import type { FlowNode } from '../model/types.ts';
import type { DeployedProcess, ElementInstance } from '../state/types.ts';
import { behaviourOf } from '../behaviours/registry.ts';
import type { BatchContext } from './context.ts';
import { recordElement } from './element-records.ts';
import { handlerLeft, rememberCompensable } from './compensation.ts';
import { closeEventSubscriptions, openEventSubscriptions } from './event-subscriptions.ts';
import { raiseElementIncident, resolveElementIncident } from './incidents.ts';
import { runExecutionListeners } from './execution-listeners.ts';
import { cancelJob } from './jobs.ts';
import { applyInputMappings, applyOutputs } from './mappings.ts';
import { mergeLocal } from './variables.ts';

/**
 * The element lifecycle every behaviour goes through, as in Zeebe:
 * ACTIVATING → ACTIVATED → COMPLETING → COMPLETED, or TERMINATING → TERMINATED.
 * Behaviours decide when to move on; this module does the shared mechanics
 * (records, mappings, subscriptions, scope bookkeeping, sequence flows).
 * The behaviour is chosen by the instance's element type: a multi-instance body shares its
 * activity's element id but behaves as a body.
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

export interface ActivationOptions {
  key?: string;
  /** Variables the element was entered with (event payloads); they leave with it. */
  variables?: Record<string, unknown>;
  /** Multi-instance: this is one inner instance, not the body. */
  inner?: boolean;
  /** The event that made a catch event run was already received (event-based gateway). */
  eventTriggered?: boolean;
  /** Variables local to the new instance that do not leave it on their own (a thrown error's). */
  localVariables?: Record<string, unknown>;
  /** A process instance started by a call activity: that call activity's instance. */
  parent?: ElementInstance;
}

/** Creates the element instance and queues its activation. */
export function activateElement(
  ctx: BatchContext,
  def: DeployedProcess,
  node: FlowNode,
  flowScope: ElementInstance | null,
  options: ActivationOptions = {},
): ElementInstance {
  const key = options.key ?? ctx.state.nextKey();
  const instance: ElementInstance = {
    key,
    processInstanceKey: flowScope?.processInstanceKey ?? key,
    processDefinitionKey: def.key,
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    elementId: node.id,
    elementType: node.loop && !options.inner ? 'MULTI_INSTANCE_BODY' : node.type,
    flowScopeKey: flowScope?.key ?? null,
    state: 'ACTIVATING',
    activeChildren: 0,
    startedAt: ctx.now,
    pendingVariables: options.variables,
    eventTriggered: options.eventTriggered || undefined,
    parentElementInstanceKey: options.parent?.key,
    parentProcessInstanceKey: options.parent?.processInstanceKey,
  };
  if (flowScope) {
    flowScope.activeChildren++;
    ctx.state.putElement(flowScope);
  }
  ctx.state.putElement(instance);
  recordElement(ctx, instance, 'ELEMENT_ACTIVATING');
  if (options.localVariables) mergeLocal(ctx, instance, options.localVariables);
  ctx.enqueue(() => runActivation(ctx, instance.key));
  return instance;
}

/** (Re-)runs the activation step: input mappings, then the behaviour. Incidents stop it here. */
export function runActivation(ctx: BatchContext, key: string): void {
  const instance = ctx.state.elements.get(key);
  if (!instance || instance.state !== 'ACTIVATING') return;
  const node = nodeOf(ctx, instance);
  const isBody = instance.elementType === 'MULTI_INSTANCE_BODY';
  if (!isBody && node.inputs.length && !instance.inputsApplied) {
    if (!applyInputMappings(ctx, instance, node)) return;
    instance.inputsApplied = true;
  }
  // Listeners belong to the inner instances of a multi-instance activity, not its body.
  if (!isBody && node.executionListeners?.length && !runExecutionListeners(ctx, instance, node, 'start')) return;
  instance.inputsApplied = undefined;
  behaviourOf(instance.elementType).onActivate(ctx, instance, node);
}

/**
 * Opens the element's event subscriptions (its own event, boundary events, event
 * sub-processes) and moves it to ACTIVATED; a subscription whose expression fails raises an
 * incident instead and the element stays ACTIVATING. False = incident.
 */
export function subscribeAndActivate(ctx: BatchContext, instance: ElementInstance, node: FlowNode): boolean {
  const subscribed = openEventSubscriptions(ctx, instance, node);
  if (!subscribed.ok) {
    raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', subscribed.message);
    return false;
  }
  transitionToActivated(ctx, instance);
  return true;
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
  const behaviour = behaviourOf(instance.elementType);
  const flowScope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
  const scopeBehaviour = flowScope ? behaviourOf(flowScope.elementType) : undefined;
  const isBody = instance.elementType === 'MULTI_INSTANCE_BODY';
  if (!isBody && !instance.outputsApplied) {
    if (!applyOutputs(ctx, instance, node)) return;
    instance.outputsApplied = true;
  }
  if (!isBody && node.executionListeners?.length && !runExecutionListeners(ctx, instance, node, 'end')) return;
  if (behaviour.onComplete && !behaviour.onComplete(ctx, instance, node)) return;
  if (flowScope && scopeBehaviour?.beforeChildCompletes && !scopeBehaviour.beforeChildCompletes(ctx, flowScope, instance)) return;
  closeEventSubscriptions(ctx, instance);
  rememberCompensable(ctx, instance, node, flowScope);
  instance.state = 'COMPLETED';
  instance.pendingVariables = undefined;
  recordElement(ctx, instance, 'ELEMENT_COMPLETED');
  const outgoing = scopeBehaviour?.childrenTakeNoFlows ? [] : behaviour.outgoingFlows ? behaviour.outgoingFlows(ctx, instance, node) : node.outgoing;
  removeInstance(ctx, instance, flowScope);
  if (!flowScope) {
    behaviour.onLeft?.(ctx, instance, node);
    return;
  }
  for (const flowId of outgoing) takeSequenceFlow(ctx, flowScope, flowId);
  behaviour.afterLeft?.(ctx, instance, node, flowScope);
  handlerLeft(ctx, instance);
  checkScopeCompletion(ctx, flowScope);
}

export function takeSequenceFlow(ctx: BatchContext, flowScope: ElementInstance, flowId: string, options: ActivationOptions = {}): void {
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
  if ((target.type === 'PARALLEL_GATEWAY' || target.type === 'INCLUSIVE_GATEWAY') && target.incoming.length > 1) {
    arriveAtJoin(ctx, def, flowScope, target, flow.id);
    return;
  }
  activateElement(ctx, def, target, flowScope, options);
}

/** A token waits at a joining gateway; the gateway's behaviour decides when it fires. */
function arriveAtJoin(ctx: BatchContext, def: DeployedProcess, flowScope: ElementInstance, gateway: FlowNode, flowId: string): void {
  const joins = (flowScope.joins ??= {});
  const arrived = (joins[gateway.id] ??= {});
  arrived[flowId] = (arrived[flowId] ?? 0) + 1;
  ctx.state.putElement(flowScope);
  ctx.enqueue(() => tryJoin(ctx, def, flowScope.key, gateway));
}

/**
 * Parallel join: a token on every incoming flow. Inclusive join: tokens on the flows that were
 * taken, once no other token in the scope can still reach the gateway.
 */
export function tryJoin(ctx: BatchContext, def: DeployedProcess, scopeKey: string, gateway: FlowNode): void {
  const scope = ctx.state.elements.get(scopeKey);
  const arrived = scope?.joins?.[gateway.id];
  if (!scope || !arrived || scope.state !== 'ACTIVATED') return;
  let consumed: string[];
  if (gateway.type === 'PARALLEL_GATEWAY') {
    if (!gateway.incoming.every((f) => (arrived[f] ?? 0) > 0)) return;
    consumed = gateway.incoming;
  } else {
    if (tokenCanStillReach(ctx, def, scope, gateway)) return;
    consumed = gateway.incoming.filter((f) => (arrived[f] ?? 0) > 0);
  }
  for (const f of consumed) {
    arrived[f]! -= 1;
    if (arrived[f] === 0) delete arrived[f];
  }
  if (Object.keys(arrived).length === 0) delete scope.joins![gateway.id];
  if (Object.keys(scope.joins!).length === 0) scope.joins = undefined;
  ctx.state.putElement(scope);
  activateElement(ctx, def, gateway, scope);
}

/** Whether an element still running in the scope, or a token waiting at another join, could reach `gateway`. */
function tokenCanStillReach(ctx: BatchContext, def: DeployedProcess, scope: ElementInstance, gateway: FlowNode): boolean {
  const reach = reachability(def);
  for (const child of ctx.state.childrenOf(scope.key)) {
    if (reach(child.elementId).has(gateway.id)) return true;
  }
  for (const other of Object.keys(scope.joins ?? {})) {
    if (other !== gateway.id && reach(other).has(gateway.id)) return true;
  }
  return false;
}

const reachabilityCache = new WeakMap<DeployedProcess['model'], Map<string, Set<string>>>();

/** Elements reachable from an element by sequence flows (boundary paths included), cached per model. */
function reachability(def: DeployedProcess): (from: string) => Set<string> {
  let cache = reachabilityCache.get(def.model);
  if (!cache) reachabilityCache.set(def.model, (cache = new Map()));
  return (from) => {
    let set = cache.get(from);
    if (set) return set;
    set = new Set();
    const stack = [from];
    while (stack.length) {
      const node = def.model.nodes.get(stack.pop()!);
      if (!node) continue;
      const next = [...node.outgoing.map((f) => def.model.flows.get(f)!.targetId), ...node.boundaryEvents];
      for (const id of next) {
        if (set.has(id)) continue;
        set.add(id);
        stack.push(id);
      }
    }
    cache.set(from, set);
    return set;
  };
}

/** A branch that ended may have been the last one an inclusive join was waiting for. */
function recheckInclusiveJoins(ctx: BatchContext, scope: ElementInstance): void {
  const def = definitionOf(ctx, scope);
  for (const gatewayId of Object.keys(scope.joins ?? {})) {
    const gateway = def.model.nodes.get(gatewayId)!;
    if (gateway.type === 'INCLUSIVE_GATEWAY') ctx.enqueue(() => tryJoin(ctx, def, scope.key, gateway));
  }
}

function pendingJoinTokens(scope: ElementInstance): boolean {
  return !!scope.joins && Object.keys(scope.joins).length > 0;
}

/**
 * Called whenever a scope may have become empty. A terminating scope finishes terminating; an
 * interrupted one starts its event sub-process; otherwise the scope's behaviour decides.
 */
export function checkScopeCompletion(ctx: BatchContext, scope: ElementInstance): void {
  if (scope.joins && scope.state === 'ACTIVATED') recheckInclusiveJoins(ctx, scope);
  if (scope.activeChildren > 0) return;
  if (scope.state === 'TERMINATING') {
    finishTermination(ctx, scope);
    return;
  }
  if (scope.state !== 'ACTIVATED') return;
  if (scope.pendingEventSubProcess) {
    const { id, variables } = scope.pendingEventSubProcess;
    scope.pendingEventSubProcess = undefined;
    scope.joins = undefined;
    ctx.state.putElement(scope);
    const def = definitionOf(ctx, scope);
    // The event's variables go on to the start event (sub-process behaviour), local or not.
    activateElement(ctx, def, def.model.nodes.get(id)!, scope, { variables });
    return;
  }
  if (pendingJoinTokens(scope)) return;
  if (ctx.terminateWhenEmpty.has(scope.key)) {
    if (scope.flowScopeKey) ctx.terminateWhenEmpty.add(scope.flowScopeKey);
    terminateElement(ctx, scope);
    return;
  }
  const behaviour = behaviourOf(scope.elementType);
  if (behaviour.onEmpty) behaviour.onEmpty(ctx, scope, nodeOf(ctx, scope));
  else completeElement(ctx, scope);
}

function removeInstance(ctx: BatchContext, instance: ElementInstance, flowScope: ElementInstance | undefined): void {
  ctx.state.removeElement(instance.key);
  if (flowScope) {
    flowScope.activeChildren--;
    ctx.state.putElement(flowScope);
  }
}

/** Terminates an element and everything inside it; boundary and event sub-process follow-ups run after. */
export function terminateElement(ctx: BatchContext, instance: ElementInstance): void {
  if (instance.state === 'TERMINATING' || instance.state === 'TERMINATED' || instance.state === 'COMPLETED') return;
  instance.state = 'TERMINATING';
  ctx.state.putElement(instance);
  recordElement(ctx, instance, 'ELEMENT_TERMINATING');
  const node = nodeOf(ctx, instance);
  resolveElementIncident(ctx, instance);
  closeEventSubscriptions(ctx, instance);
  cancelJob(ctx, instance);
  // false: the element waits (a user task's canceling listeners) and finishes terminating later.
  const waits = behaviourOf(instance.elementType).onTerminate?.(ctx, instance, node) === false;
  const children = ctx.state.childrenOf(instance.key);
  if (children.length === 0) {
    if (!waits) finishTermination(ctx, instance);
    return;
  }
  for (const child of children) terminateElement(ctx, child);
}

/** Terminates every child of a scope that stays active itself (interrupting event sub-processes, terminate end events). */
export function terminateChildren(ctx: BatchContext, scope: ElementInstance, except?: string): void {
  scope.joins = undefined;
  ctx.state.putElement(scope);
  for (const child of ctx.state.childrenOf(scope.key)) {
    if (child.key !== except) terminateElement(ctx, child);
  }
}

/** The element has nothing left to wait for: it is TERMINATED and leaves its scope. */
export function finishTermination(ctx: BatchContext, instance: ElementInstance): void {
  if (instance.state !== 'TERMINATING' || instance.activeChildren > 0) return;
  instance.state = 'TERMINATED';
  recordElement(ctx, instance, 'ELEMENT_TERMINATED');
  const flowScope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
  removeInstance(ctx, instance, flowScope);
  const node = nodeOf(ctx, instance);
  if (!flowScope) {
    behaviourOf(instance.elementType).onLeft?.(ctx, instance, node);
    return;
  }
  if (instance.interruptedBy) {
    const def = definitionOf(ctx, instance);
    const boundary = def.model.nodes.get(instance.interruptedBy.boundaryId)!;
    const { variables, local } = instance.interruptedBy;
    activateElement(ctx, def, boundary, flowScope, local ? { localVariables: variables } : { variables });
    return;
  }
  checkScopeCompletion(ctx, flowScope);
}
