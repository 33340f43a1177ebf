import { evaluateToString } from '../processing/expressions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { activateElement, subscribeAndActivate, terminateElement } from '../processing/lifecycle.ts';
import { mergeLocal, scopeLookup, visibleVariables } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Starts the latest version of the called process as a child instance with the parent's
 * variables (all, or only the call activity's input mappings), and completes with the child's
 * variables when the child completes. Terminating either side ends the child.
 */
export const callActivityBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    const called = node.calledElement;
    if (!called) throw new Error(`call activity '${node.id}' has no called element`);
    const processId = evaluateToString(called.processId, scopeLookup(ctx.state, instance.key));
    if (!processId.ok) return void raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', processId.message);
    const def = ctx.state.latestByProcessId.get(processId.value);
    if (!def) {
      const message = `Expected process with BPMN process id '${processId.value}' to be deployed, but not found.`;
      return void raiseElementIncident(ctx, instance, 'CALLED_ELEMENT_ERROR', message);
    }
    if (!def.model.noneStartEventId) {
      const message = `Expected process with BPMN process id '${processId.value}' to have a none start event, but not found.`;
      return void raiseElementIncident(ctx, instance, 'CALLED_ELEMENT_ERROR', message);
    }
    if (!subscribeAndActivate(ctx, instance, node)) return;
    const variables = called.propagateAllParentVariables
      ? visibleVariables(ctx.state, instance.key)
      : Object.fromEntries(ctx.state.variables.local(instance.key));
    const child = activateElement(ctx, def, def.model.nodes.get(def.bpmnProcessId)!, null, { parent: instance });
    mergeLocal(ctx, child, variables);
    instance.childProcessInstanceKey = child.key;
    ctx.state.putElement(instance);
  },
  onTerminate(ctx, instance) {
    const child = instance.childProcessInstanceKey ? ctx.state.elements.get(instance.childProcessInstanceKey) : undefined;
    if (child) terminateElement(ctx, child);
  },
};
