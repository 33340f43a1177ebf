import { completeElement, transitionToActivated } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

/** Elements that do nothing but pass the token on: parallel gateways, manual and undefined tasks, boundary events once triggered. */
export const passThroughBehaviour: ElementBehaviour = {
  onActivate(ctx, instance) {
    transitionToActivated(ctx, instance);
    completeElement(ctx, instance);
  },
};
