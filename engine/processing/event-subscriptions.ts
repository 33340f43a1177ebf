import type { FlowNode } from '../model/types.ts';
import type { ElementInstance, MessageSubscription, Timer } from '../state/types.ts';
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
type Planned =
  | { kind: 'timer'; node: FlowNode; dueDate: number; repetitions: number; cycle?: string }
  | { kind: 'message'; node: FlowNode; messageName: string; correlationKey: string; interrupting: boolean };

export function subscriptionNodes(ctx: BatchContext, instance: ElementInstance, node: FlowNode): FlowNode[] {
  const model = definitionOf(ctx, instance).model;
  const nodes = node.boundaryEvents.map((id) => model.nodes.get(id)!).filter((b) => b.event?.type === 'timer' || b.event?.type === 'message');
  if (node.event?.type === 'timer' || node.event?.type === 'message' || node.message) nodes.unshift(node);
  return nodes;
}

/** Opens every subscription of the element, or none (and says why). */
export function openEventSubscriptions(ctx: BatchContext, instance: ElementInstance, node: FlowNode): Evaluated<true> {
  const nodes = subscriptionNodes(ctx, instance, node);
  if (!nodes.length) return { ok: true, value: true };
  const planned: Planned[] = [];
  for (const target of nodes) {
    const plan = planSubscription(ctx, instance, target);
    if (!plan.ok) return plan;
    planned.push(plan.value);
  }
  for (const plan of planned) {
    if (plan.kind === 'timer') openTimer(ctx, instance, plan);
    else openMessageSubscription(ctx, instance, plan);
  }
  return { ok: true, value: true };
}

function planSubscription(ctx: BatchContext, instance: ElementInstance, node: FlowNode): Evaluated<Planned> {
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
  const message = event?.type === 'message' ? event : node.message;
  if (!message) throw new Error(`element '${node.id}' has no event subscription`);
  const name = evaluateToString(message.messageName, lookup);
  if (!name.ok) return name;
  if (!message.correlationKey) return { ok: false, message: `Expected a correlation key for message '${name.value}'` };
  const key = evaluateToCorrelationKey(message.correlationKey, lookup);
  if (!key.ok) return { ok: false, message: `Failed to extract the correlation key for '${correlationSource(message.correlationKey)}': ${key.message}` };
  const interrupting = node.type !== 'BOUNDARY_EVENT' || node.cancelActivity !== false;
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

/** Closes every timer and message subscription the element opened. */
export function closeEventSubscriptions(ctx: BatchContext, instance: ElementInstance): void {
  if (!instance.timerKeys?.length && !instance.subscriptionKeys?.length) return;
  for (const key of instance.timerKeys ?? []) {
    const timer = ctx.state.timers.get(key);
    if (!timer) continue;
    ctx.state.timers.remove(key);
    recordTimer(ctx, timer, 'CANCELED', instance);
  }
  for (const key of instance.subscriptionKeys ?? []) {
    const sub = ctx.state.subscriptions.get(key);
    if (!sub) continue;
    ctx.state.removeSubscription(key);
    recordSubscription(ctx, sub, 'DELETED');
  }
  instance.timerKeys = undefined;
  instance.subscriptionKeys = undefined;
  ctx.state.putElement(instance);
}
