import { definitionOf, subscribeAndActivate, takeSequenceFlow } from '../processing/lifecycle.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Waits for the first of the events that follow it; the gateway then completes towards that
 * event, which completes at once with the event's payload. The other subscriptions close with
 * the gateway.
 */
export const eventBasedGatewayBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    subscribeAndActivate(ctx, instance, node);
  },
  outgoingFlows() {
    return [];
  },
  afterLeft(ctx, instance, node, flowScope) {
    const fired = instance.gatewayEvent;
    if (!fired) return;
    const model = definitionOf(ctx, instance).model;
    const flowId = node.outgoing.find((f) => model.flows.get(f)!.targetId === fired.targetElementId)!;
    takeSequenceFlow(ctx, flowScope, flowId, { variables: fired.variables, eventTriggered: true });
  },
};
