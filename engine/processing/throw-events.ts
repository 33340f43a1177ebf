import type { FlowNode } from '../model/types.ts';
import type { ElementInstance } from '../state/types.ts';
import { deliverToCatch, findCatch, interrupts, uncaughtErrorMessage } from './catch-events.ts';
import { startCompensation } from './compensation.ts';
import type { BatchContext } from './context.ts';
import { evaluateToString } from './expressions.ts';
import { raiseElementIncident } from './incidents.ts';
import { broadcastSignal } from './signals.ts';
import { scopeLookup } from './variables.ts';

/**
 * What a throw event (intermediate or end) does with its event definition. 'continue': the
 * event completes as usual; 'stop': it raised an incident or was interrupted by its own catch;
 * 'wait': it stays active until compensation handlers finish.
 */
export type ThrowOutcome = 'continue' | 'stop' | 'wait';

export function throwEvent(ctx: BatchContext, instance: ElementInstance, node: FlowNode): ThrowOutcome {
  const event = node.event;
  const lookup = scopeLookup(ctx.state, instance.key);
  switch (event?.type) {
    case 'error': {
      const code = event.errorCode ? evaluateToString(event.errorCode, lookup) : { ok: true as const, value: '' };
      if (!code.ok) return incident(ctx, instance, code.message);
      const found = findCatch(ctx, instance, 'error', code.value);
      if (!found) {
        const scope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
        raiseElementIncident(ctx, instance, 'UNHANDLED_ERROR_EVENT', uncaughtErrorMessage(ctx, scope, code.value, ''));
        return 'stop';
      }
      deliverToCatch(ctx, found, undefined);
      return 'stop';
    }
    case 'escalation': {
      const code = event.escalationCode ? evaluateToString(event.escalationCode, lookup) : { ok: true as const, value: '' };
      if (!code.ok) return incident(ctx, instance, code.message);
      const found = findCatch(ctx, instance, 'escalation', code.value);
      ctx.record({
        key: ctx.state.nextKey(),
        valueType: 'ESCALATION',
        intent: found ? 'ESCALATED' : 'NOT_ESCALATED',
        processInstanceKey: instance.processInstanceKey,
        bpmnProcessId: instance.bpmnProcessId,
        elementId: instance.elementId,
        value: { escalationCode: code.value, throwElementId: instance.elementId, catchElementId: found ? (found.kind === 'boundary' ? found.node.id : found.start.id) : '' },
      });
      // An escalation nobody catches is not an incident (Zeebe): the event just goes on.
      if (!found) return 'continue';
      deliverToCatch(ctx, found, undefined);
      return interrupts(found) ? 'stop' : 'continue';
    }
    case 'signal': {
      const name = evaluateToString(event.signalName, lookup);
      if (!name.ok) return incident(ctx, instance, name.message);
      broadcastSignal(ctx, name.value, Object.fromEntries(ctx.state.variables.local(instance.key)));
      return 'continue';
    }
    case 'compensation':
      return startCompensation(ctx, instance, event.activityRef) ? 'wait' : 'continue';
    default:
      return 'continue';
  }
}

function incident(ctx: BatchContext, instance: ElementInstance, message: string): ThrowOutcome {
  raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', message);
  return 'stop';
}
