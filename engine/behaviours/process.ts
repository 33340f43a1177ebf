import { activateElement, completeElement, definitionOf, subscribeAndActivate } from '../processing/lifecycle.ts';
import { correlateBufferedStartMessage } from '../processing/messages.ts';
import { visibleVariables } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * The process instance: the root scope. It starts at its none start event, or at the start
 * event that created it (message, signal, timer) with that event's payload. A process called
 * by a call activity reports back to it when it ends.
 */
export const processBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (!subscribeAndActivate(ctx, instance, node)) return;
    const def = definitionOf(ctx, instance);
    const startAt = instance.startAt ?? (def.model.noneStartEventId ? [def.model.noneStartEventId] : []);
    const payload = instance.pendingVariables;
    instance.startAt = undefined;
    instance.pendingVariables = undefined;
    ctx.state.putElement(instance);
    for (const id of startAt) activateElement(ctx, def, def.model.nodes.get(id)!, instance, { variables: payload });
  },
  onComplete(ctx, instance) {
    if (instance.awaitingResult || instance.parentElementInstanceKey) {
      ctx.instanceResults.set(instance.key, visibleVariables(ctx.state, instance.key));
    }
    return true;
  },
  onLeft(ctx, instance) {
    const completed = instance.state === 'COMPLETED';
    ctx.endedInstances.push({ key: instance.key, state: completed ? 'COMPLETED' : 'TERMINATED' });
    if (instance.startCorrelationKey) {
      const id = `${instance.bpmnProcessId}\u0000${instance.startCorrelationKey}`;
      if (ctx.state.messageStartKeys.get(id) === instance.key) {
        ctx.state.messageStartKeys.delete(id);
        // A message with this key buffered meanwhile starts the next instance now.
        correlateBufferedStartMessage(ctx, instance.bpmnProcessId, instance.startCorrelationKey);
      }
    }
    const parent = instance.parentElementInstanceKey ? ctx.state.elements.get(instance.parentElementInstanceKey) : undefined;
    if (!parent || parent.state !== 'ACTIVATED' || !completed) return;
    parent.childProcessInstanceKey = undefined;
    const childVariables = ctx.instanceResults.get(instance.key) ?? {};
    if (!instance.awaitingResult) ctx.instanceResults.delete(instance.key);
    // Output mappings read the child's variables; propagateAllChildVariables decides the rest (mappings.ts).
    completeElement(ctx, parent, childVariables);
  },
};
