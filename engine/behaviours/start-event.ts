import { completeElement, transitionToActivated } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

export const startEventBehaviour: ElementBehaviour = {
  onActivate(ctx, instance) {
    transitionToActivated(ctx, instance);
    completeElement(ctx, instance);
  },
};
