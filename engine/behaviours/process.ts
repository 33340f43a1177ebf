import { activateElement, definitionOf, transitionToActivated } from '../processing/lifecycle.ts';
import { visibleVariables } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';

/** The process instance: the root scope. It starts at its none start event (or the given elements). */
export const processBehaviour: ElementBehaviour = {
  onActivate(ctx, instance) {
    transitionToActivated(ctx, instance);
    const def = definitionOf(ctx, instance);
    const startAt = instance.startAt ?? (def.model.noneStartEventId ? [def.model.noneStartEventId] : []);
    instance.startAt = undefined;
    for (const id of startAt) activateElement(ctx, def, def.model.nodes.get(id)!, instance);
  },
  onComplete(ctx, instance) {
    if (instance.awaitingResult) ctx.instanceResults.set(instance.key, visibleVariables(ctx.state, instance.key));
    return true;
  },
  onLeft(ctx, instance) {
    ctx.endedInstances.push({ key: instance.key, state: instance.state === 'COMPLETED' ? 'COMPLETED' : 'TERMINATED' });
  },
};
