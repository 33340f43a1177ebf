import { completeElement, subscribeAndActivate, transitionToActivated } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Intermediate catch events (timer, message, signal, link) and receive tasks wait for their
 * event. A link catch passes at once; so does a catch event whose event an event-based
 * gateway already received.
 */
export const catchEventBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (instance.eventTriggered || node.event?.type === 'link') {
      transitionToActivated(ctx, instance);
      completeElement(ctx, instance);
      return;
    }
    subscribeAndActivate(ctx, instance, node);
  },
};
