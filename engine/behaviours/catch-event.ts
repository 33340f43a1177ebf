import { openEventSubscriptions } from '../processing/event-subscriptions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { transitionToActivated } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

/** Intermediate timer/message catch events and receive tasks: wait for their event. */
export const catchEventBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    const subscribed = openEventSubscriptions(ctx, instance, node);
    if (!subscribed.ok) {
      raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', subscribed.message);
      return;
    }
    transitionToActivated(ctx, instance);
  },
};
