import { evaluateToBoolean } from '../processing/expressions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { completeElement, definitionOf, transitionToActivated } from '../processing/lifecycle.ts';
import { scopeLookup } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Forks into every outgoing flow whose condition is true (the default flow only when none is);
 * joining is done by the lifecycle, which waits until no other token can still arrive.
 */
export const inclusiveGatewayBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    const model = definitionOf(ctx, instance).model;
    const lookup = scopeLookup(ctx.state, instance.key);
    const chosen: string[] = [];
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const condition = model.flows.get(flowId)!.condition;
      if (!condition) {
        chosen.push(flowId);
        continue;
      }
      const result = evaluateToBoolean(condition, lookup);
      if (!result.ok) {
        raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', result.message);
        return;
      }
      if (result.value) chosen.push(flowId);
    }
    if (!chosen.length && node.defaultFlow) chosen.push(node.defaultFlow);
    if (!chosen.length && node.outgoing.length) {
      raiseElementIncident(ctx, instance, 'CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow');
      return;
    }
    instance.selectedFlows = chosen;
    transitionToActivated(ctx, instance);
    completeElement(ctx, instance);
  },
  outgoingFlows(_ctx, instance) {
    return instance.selectedFlows ?? [];
  },
};
