import { activateElement, definitionOf, subscribeAndActivate } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Embedded and event sub-processes: a scope of their own that starts at its start event and
 * completes when nothing is left inside. An event sub-process hands the event's payload to its
 * start event.
 */
export const subProcessBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (!subscribeAndActivate(ctx, instance, node)) return;
    const def = definitionOf(ctx, instance);
    if (!node.startEventId) throw new Error(`sub-process '${node.id}' has no start event`);
    const payload = instance.elementType === 'EVENT_SUB_PROCESS' ? instance.pendingVariables : undefined;
    if (payload) {
      instance.pendingVariables = undefined;
      ctx.state.putElement(instance);
    }
    const start = def.model.nodes.get(node.startEventId)!;
    // Zeebe (EventTriggerBehavior) sets the event's variables on the triggered start event, not on
    // the event sub-process. A thrown error's stay local to it and leave only through its output
    // mappings, which propagate outwards from the event sub-process (to the process, unless a
    // scope on the way holds the name); other events' variables propagate on their own.
    activateElement(ctx, def, start, instance, start.event?.type === 'error' ? { localVariables: payload } : { variables: payload });
  },
};
