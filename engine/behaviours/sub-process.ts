import { openEventSubscriptions } from '../processing/event-subscriptions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { activateElement, definitionOf, transitionToActivated } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Embedded and event sub-processes: a scope of their own that starts at its start event and
 * completes when nothing is left inside. An event sub-process hands the event's payload to its
 * start event, from where it propagates.
 */
export const subProcessBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    const subscribed = openEventSubscriptions(ctx, instance, node);
    if (!subscribed.ok) {
      raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', subscribed.message);
      return;
    }
    transitionToActivated(ctx, instance);
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
