import type { Message, MessageSubscription } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { recordSubscription } from './event-subscriptions.ts';
import { triggerEvent } from './event-trigger.ts';
import { latestStartEvents, startInstanceAt } from './start-instance.ts';

/**
 * Message correlation as Zeebe does it: a message goes to the subscriptions waiting for its
 * name and correlation key, at most once per process (BPMN process id, across versions and
 * instances: MessagePublishProcessor "correlate the message only once per process"); with a
 * TTL it stays buffered for subscriptions opened later, under the same once-per-process rule.
 * `Message.correlatedTo` therefore holds BPMN process ids, not process instance keys.
 */
export function correlateMessage(ctx: BatchContext, message: Message): void {
  const taken = new Set(message.correlatedTo);
  for (const sub of ctx.state.subscriptionsFor(message.name, message.correlationKey)) {
    if (taken.has(sub.bpmnProcessId)) continue;
    if (deliver(ctx, sub, message)) taken.add(sub.bpmnProcessId);
  }
  for (const start of latestStartEvents(ctx, 'message')) {
    if (start.name !== message.name || taken.has(start.def.bpmnProcessId)) continue;
    // One instance per correlation key while it is active (Zeebe's message start rule).
    if (message.correlationKey && ctx.state.messageStartKeys.has(`${start.def.bpmnProcessId}\u0000${message.correlationKey}`)) continue;
    startInstanceAt(ctx, start.def, start.startEventId, message.variables, message.correlationKey || undefined);
    taken.add(start.def.bpmnProcessId);
  }
  message.correlatedTo = [...taken];
}

/** A new subscription looks for the oldest buffered message it has not had yet. */
export function correlateBufferedMessage(ctx: BatchContext, subscriptionKey: string): void {
  const sub = ctx.state.subscriptions.get(subscriptionKey);
  if (!sub) return;
  const candidates = ctx.state
    .bufferedMessages(sub.messageName, sub.correlationKey)
    .filter((m) => m.deadline > ctx.now && !m.correlatedTo.includes(sub.bpmnProcessId))
    .sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
  const message = candidates[0];
  if (!message) return;
  if (deliver(ctx, sub, message)) {
    message.correlatedTo.push(sub.bpmnProcessId);
    ctx.state.putMessage(message);
  }
}

/**
 * An instance started by a message with a correlation key has ended: the oldest message with that
 * key still buffered for a message start event of the latest version starts the next instance
 * (docs "Message start events": "When the active process instance is completed or terminated and a
 * message with the same correlationKey and a matching message name is buffered (i.e. TTL > 0), this
 * message is correlated and a new instance of the latest version of the process is created").
 */
export function correlateBufferedStartMessage(ctx: BatchContext, bpmnProcessId: string, correlationKey: string): void {
  if (ctx.state.messageStartKeys.has(`${bpmnProcessId}\u0000${correlationKey}`)) return;
  let found: { message: Message; start: ReturnType<typeof latestStartEvents>[number] } | undefined;
  for (const start of latestStartEvents(ctx, 'message')) {
    if (start.def.bpmnProcessId !== bpmnProcessId || start.name === undefined) continue;
    for (const message of ctx.state.bufferedMessages(start.name, correlationKey)) {
      if (message.deadline <= ctx.now || message.correlatedTo.includes(bpmnProcessId)) continue;
      if (!found || BigInt(message.key) < BigInt(found.message.key)) found = { message, start };
    }
  }
  if (!found) return;
  found.message.correlatedTo.push(bpmnProcessId);
  ctx.state.putMessage(found.message);
  startInstanceAt(ctx, found.start.def, found.start.startEventId, found.message.variables, correlationKey);
}

function deliver(ctx: BatchContext, sub: MessageSubscription, message: Message): boolean {
  const owner = ctx.state.elements.get(sub.elementInstanceKey);
  if (!owner || owner.state !== 'ACTIVATED') return false;
  recordSubscription(ctx, sub, 'CORRELATED', { messageKey: message.key, variables: message.variables });
  if (sub.interrupting) {
    ctx.state.removeSubscription(sub.key);
    owner.subscriptionKeys = owner.subscriptionKeys?.filter((k) => k !== sub.key);
    ctx.state.putElement(owner);
  }
  return triggerEvent(ctx, owner, sub.targetElementId, message.variables);
}

export function recordMessage(ctx: BatchContext, message: Message, intent: 'PUBLISHED' | 'EXPIRED'): void {
  ctx.record({
    key: message.key,
    valueType: 'MESSAGE',
    intent,
    value: {
      name: message.name,
      correlationKey: message.correlationKey,
      messageId: message.messageId,
      timeToLive: message.deadline - ctx.now,
      variables: message.variables,
      tenantId: '<default>',
    },
  });
}
