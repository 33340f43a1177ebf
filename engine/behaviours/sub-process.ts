import { activateElement, definitionOf, subscribeAndActivate } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Embedded and event sub-processes: a scope of their own that starts at its start event and
 * completes when nothing is left inside. An event sub-process hands the event's payload to its
 * start event, from where it propagates.
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
    activateElement(ctx, def, def.model.nodes.get(node.startEventId)!, instance, { variables: payload });
  },
};
