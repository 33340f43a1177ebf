import type { FlowNode } from '../model/types.ts';
import type { ElementInstance, MessageSubscription, SignalSubscription, Timer } from '../state/types.ts';
import { firstDue, TimerDefinitionError } from '../timers/iso8601.ts';
import type { BatchContext } from './context.ts';
import { evaluateExpression, evaluateToCorrelationKey, evaluateToString, type Evaluated } from './expressions.ts';
import { definitionOf } from './lifecycle.ts';
import { correlateBufferedMessage } from './messages.ts';
import { scopeLookup } from './variables.ts';

/**
 * Event subscriptions of an element: its own (timer/message catch event, receive task) and
 * those of its boundary events. All expressions are evaluated first, so a failure raises an
 * incident without leaving half the subscriptions open.
 */
export type Planned =
  | { kind: 'timer'; node: FlowNode; dueDate: number; repetitions: number; cycle?: string }
  | { kind: 'message'; node: FlowNode; messageName: string; correlationKey: string; interrupting: boolean }
  | { kind: 'signal'; node: FlowNode; signalName: string };

const SUBSCRIBING = new Set(['timer', 'message', 'signal']);
const CONTAINERS = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS']);

/**
 * The events an element instance waits for: its own (catch event, receive task), its boundary
 * events (on the multi-instance body, not the inner instances), a container's event
 * sub-process start events, and an event-based gateway's following catch events.
 */
export function subscriptionNodes(ctx: BatchContext, instance: ElementInstance, node: FlowNode): FlowNode[] {
  const model = definitionOf(ctx, instance).model;
  const nodes: FlowNode[] = [];
  const isBody = instance.elementType === 'MULTI_INSTANCE_BODY';
  const isInner = !!node.loop && !isBody;
  if (instance.elementType === 'EVENT_BASED_GATEWAY') {
    for (const flowId of node.outgoing) nodes.push(model.nodes.get(model.flows.get(flowId)!.targetId)!);
    return nodes;
  }
  // Only catching elements wait for their own event: a message throw or end event with a task
  // definition also carries a message definition, but it is a job, not a subscription.
  const catchesItself = node.type === 'INTERMEDIATE_CATCH_EVENT' || node.type === 'RECEIVE_TASK';
  if (!isBody && catchesItself && (SUBSCRIBING.has(node.event?.type ?? '') || node.message)) nodes.push(node);
  if (!isInner) {
    for (const id of node.boundaryEvents) {
      const b = model.nodes.get(id)!;
      if (SUBSCRIBING.has(b.event?.type ?? '')) nodes.push(b);
    }
  }
  if (CONTAINERS.has(instance.elementType)) {
    for (const id of node.eventSubProcesses ?? []) {
      const start = model.nodes.get(model.nodes.get(id)!.startEventId ?? '');
      if (start && SUBSCRIBING.has(start.event?.type ?? '')) nodes.push(start);
    }
  }
  return nodes;
}

/** Opens every subscription of the element (or those of the catch events `only`), or none (and says why). */
export function openEventSubscriptions(ctx: BatchContext, instance: ElementInstance, node: FlowNode, only?: FlowNode[]): Evaluated<true> {
  const nodes = only ?? subscriptionNodes(ctx, instance, node);
  if (!nodes.length) return { ok: true, value: true };
  const planned: Planned[] = [];
  for (const target of nodes) {
    const plan = planSubscription(ctx, instance, target);
    if (!plan.ok) return plan;
    planned.push(plan.value);
  }
  for (const plan of planned) {
    if (plan.kind === 'timer') openTimer(ctx, instance, plan);
    else if (plan.kind === 'message') openMessageSubscription(ctx, instance, plan);
    else openSignalSubscription(ctx, instance, plan);
  }
  return { ok: true, value: true };
}

/** Evaluates what a subscription to the catch event `node` would be, without opening it. */
export function planSubscription(ctx: BatchContext, instance: ElementInstance, node: FlowNode): Evaluated<Planned> {
  const lookup = scopeLookup(ctx.state, instance.key);
  const event = node.event;
  if (event?.type === 'timer') {
    const text = evaluateExpression(event.timer.expression, lookup);
    if (!text.ok) return text;
    if (typeof text.value !== 'string') {
      return { ok: false, message: `Expected the timer ${event.timer.kind} to be a string, but was '${JSON.stringify(text.value)}'` };
    }
    try {
      const schedule = firstDue({ kind: event.timer.kind, text: text.value }, ctx.now);
      return {
        ok: true,
        value: { kind: 'timer', node, dueDate: schedule.dueMs, repetitions: schedule.repetitions, cycle: event.timer.kind === 'cycle' ? text.value : undefined },
      };
    } catch (err) {
      if (err instanceof TimerDefinitionError) return { ok: false, message: err.message };
      throw err;
    }
  }
  if (event?.type === 'signal') {
    const name = evaluateToString(event.signalName, lookup);
    if (!name.ok) return name;
    return { ok: true, value: { kind: 'signal', node, signalName: name.value } };
  }
  const message = event?.type === 'message' ? event : node.message;
  if (!message) throw new Error(`element '${node.id}' has no event subscription`);
  const name = evaluateToString(message.messageName, lookup);
  if (!name.ok) return name;
  if (!message.correlationKey) return { ok: false, message: `Expected a correlation key for message '${name.value}'` };
  const key = evaluateToCorrelationKey(message.correlationKey, lookup);
  if (!key.ok) return { ok: false, message: `Failed to extract the correlation key for '${correlationSource(message.correlationKey)}': ${key.message}` };
  const interrupting = node.type === 'BOUNDARY_EVENT' ? node.cancelActivity !== false : node.type === 'START_EVENT' ? node.interrupting !== false : true;
  return { ok: true, value: { kind: 'message', node, messageName: name.value, correlationKey: key.value, interrupting } };
}

function correlationSource(expr: NonNullable<FlowNode['message']>['correlationKey']): string {
  if (!expr) return '';
  return expr.kind === 'feel' ? expr.source : expr.value;
}

function openTimer(ctx: BatchContext, instance: ElementInstance, plan: Extract<Planned, { kind: 'timer' }>): void {
  const timer: Timer = {
    key: ctx.state.nextKey(),
    elementInstanceKey: instance.key,
    processInstanceKey: instance.processInstanceKey,
    processDefinitionKey: instance.processDefinitionKey,
    targetElementId: plan.node.id,
    dueDate: plan.dueDate,
    repetitions: plan.repetitions,
    cycle: plan.cycle,
  };
  ctx.state.timers.put(timer);
  (instance.timerKeys ??= []).push(timer.key);
  ctx.state.putElement(instance);
  recordTimer(ctx, timer, 'CREATED', instance);
  ctx.watch(timer.dueDate, 'timer', timer.key);
}

export function recordTimer(ctx: BatchContext, timer: Timer, intent: 'CREATED' | 'TRIGGERED' | 'CANCELED', owner: { bpmnProcessId: string }): void {
  ctx.record({
    key: timer.key,
    valueType: 'TIMER',
    intent,
    processInstanceKey: timer.processInstanceKey,
    bpmnProcessId: owner.bpmnProcessId,
    elementId: timer.targetElementId,
    value: {
      elementInstanceKey: timer.elementInstanceKey,
      processInstanceKey: timer.processInstanceKey,
      processDefinitionKey: timer.processDefinitionKey,
      dueDate: timer.dueDate,
      targetElementId: timer.targetElementId,
      repetitions: timer.repetitions,
      tenantId: '<default>',
    },
  });
}

function openMessageSubscription(ctx: BatchContext, instance: ElementInstance, plan: Extract<Planned, { kind: 'message' }>): void {
  const sub: MessageSubscription = {
    key: ctx.state.nextKey(),
    elementInstanceKey: instance.key,
    processInstanceKey: instance.processInstanceKey,
    bpmnProcessId: instance.bpmnProcessId,
    targetElementId: plan.node.id,
    messageName: plan.messageName,
    correlationKey: plan.correlationKey,
    interrupting: plan.interrupting,
  };
  ctx.state.putSubscription(sub);
  (instance.subscriptionKeys ??= []).push(sub.key);
  ctx.state.putElement(instance);
  recordSubscription(ctx, sub, 'CREATED');
  // A buffered message may already be waiting; it correlates once the element is active.
  ctx.enqueue(() => correlateBufferedMessage(ctx, sub.key));
}

export function recordSubscription(ctx: BatchContext, sub: MessageSubscription, intent: 'CREATED' | 'CORRELATED' | 'DELETED', extra: Record<string, unknown> = {}): void {
  ctx.record({
    key: sub.key,
    valueType: 'PROCESS_MESSAGE_SUBSCRIPTION',
    intent,
    processInstanceKey: sub.processInstanceKey,
    bpmnProcessId: sub.bpmnProcessId,
    elementId: sub.targetElementId,
    value: {
      processInstanceKey: sub.processInstanceKey,
      elementInstanceKey: sub.elementInstanceKey,
      bpmnProcessId: sub.bpmnProcessId,
      messageName: sub.messageName,
      correlationKey: sub.correlationKey,
      elementId: sub.targetElementId,
      interrupting: sub.interrupting,
      tenantId: '<default>',
      ...extra,
    },
  });
}

function openSignalSubscription(ctx: BatchContext, instance: ElementInstance, plan: Extract<Planned, { kind: 'signal' }>): void {
  const sub: SignalSubscription = {
    key: ctx.state.nextKey(),
    elementInstanceKey: instance.key,
    processInstanceKey: instance.processInstanceKey,
    bpmnProcessId: instance.bpmnProcessId,
    targetElementId: plan.node.id,
    signalName: plan.signalName,
  };
  ctx.state.putSignalSubscription(sub);
  (instance.subscriptionKeys ??= []).push(sub.key);
  ctx.state.putElement(instance);
  recordSignalSubscription(ctx, sub, 'CREATED');
}

export function recordSignalSubscription(ctx: BatchContext, sub: SignalSubscription, intent: 'CREATED' | 'DELETED'): void {
  ctx.record({
    key: sub.key,
    valueType: 'SIGNAL_SUBSCRIPTION',
    intent,
    processInstanceKey: sub.processInstanceKey,
    bpmnProcessId: sub.bpmnProcessId,
    elementId: sub.targetElementId,
    value: { signalName: sub.signalName, catchEventInstanceKey: sub.elementInstanceKey, catchEventId: sub.targetElementId },
  });
}

/** Closes the timers and subscriptions the element opened (all, or those whose target passes `which`). */
export function closeEventSubscriptions(ctx: BatchContext, instance: ElementInstance, which?: (targetElementId: string) => boolean): void {
  if (!instance.timerKeys?.length && !instance.subscriptionKeys?.length) return;
  const keepTimers: string[] = [];
  for (const key of instance.timerKeys ?? []) {
    const timer = ctx.state.timers.get(key);
    if (!timer) continue;
    if (which && !which(timer.targetElementId)) {
      keepTimers.push(key);
      continue;
    }
    ctx.state.timers.remove(key);
    recordTimer(ctx, timer, 'CANCELED', instance);
  }
  const keepSubs: string[] = [];
  for (const key of instance.subscriptionKeys ?? []) {
    const message = ctx.state.subscriptions.get(key);
    const signal = message ? undefined : ctx.state.signalSubscriptions.get(key);
    const target = message?.targetElementId ?? signal?.targetElementId;
    if (target === undefined) continue;
    if (which && !which(target)) {
      keepSubs.push(key);
      continue;
    }
    if (message) {
      ctx.state.removeSubscription(key);
      recordSubscription(ctx, message, 'DELETED');
    } else if (signal) {
      ctx.state.removeSignalSubscription(key);
      recordSignalSubscription(ctx, signal, 'DELETED');
    }
  }
  instance.timerKeys = keepTimers.length ? keepTimers : undefined;
  instance.subscriptionKeys = keepSubs.length ? keepSubs : undefined;
  ctx.state.putElement(instance);
}
