import { evaluateToBoolean } from '../processing/expressions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { completeElement, definitionOf, transitionToActivated } from '../processing/lifecycle.ts';
import { scopeLookup } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';

/** Takes the first outgoing flow (document order) whose condition is true, else the default flow. */
export const exclusiveGatewayBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    const model = definitionOf(ctx, instance).model;
    const lookup = scopeLookup(ctx.state, instance.key);
    let chosen: string | undefined;
    if (node.outgoing.length === 1 && !model.flows.get(node.outgoing[0]!)!.condition) {
      chosen = node.outgoing[0];
    } else {
      for (const flowId of node.outgoing) {
        if (flowId === node.defaultFlow) continue;
        const condition = model.flows.get(flowId)!.condition;
        if (!condition) continue;
        const result = evaluateToBoolean(condition, lookup);
        if (!result.ok) {
          // Zeebe: a condition that fails to evaluate or is not a boolean is EXTRACT_VALUE_ERROR
          // (ExpressionProcessor); CONDITION_ERROR is only "no flow chosen" (ConditionIncidentTest).
          raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', result.message);
          return;
        }
        if (result.value) {
          chosen = flowId;
          break;
        }
      }
      chosen ??= node.defaultFlow;
    }
    if (!chosen && node.outgoing.length > 0) {
      raiseElementIncident(ctx, instance, 'CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow');
      return;
    }
    instance.selectedFlows = chosen ? [chosen] : [];
    transitionToActivated(ctx, instance);
    completeElement(ctx, instance);
  },
  outgoingFlows(_ctx, instance) {
    return instance.selectedFlows ?? [];
  },
};
