import type { ElementInstance } from '../state/types.ts';
import { deliverToCatch, startEventSubProcess } from './catch-events.ts';
import type { BatchContext } from './context.ts';
import { completeElement, definitionOf } from './lifecycle.ts';

/**
 * An event (timer, message, signal) occurred for one of an element's subscriptions:
 * - its own event: the catch event or receive task completes;
 * - an event-based gateway's: the gateway completes towards the catch event that fired;
 * - an event sub-process start in a container: the event sub-process starts;
 * - a boundary event: it interrupts its activity or runs beside it.
 * Returns false when the element is not in a state to take the event.
 */
export function triggerEvent(ctx: BatchContext, owner: ElementInstance, targetElementId: string, variables: Record<string, unknown> | undefined): boolean {
  if (owner.state !== 'ACTIVATED') return false;
  if (targetElementId === owner.elementId) {
    completeElement(ctx, owner, variables);
    return true;
  }
  const def = definitionOf(ctx, owner);
  const target = def.model.nodes.get(targetElementId);
  if (!target) throw new Error(`event '${targetElementId}' not found`);
  if (owner.elementType === 'EVENT_BASED_GATEWAY') {
    owner.gatewayEvent = { targetElementId, variables };
    completeElement(ctx, owner);
    return true;
  }
  const container = def.model.nodes.get(target.scopeId);
  if (target.type === 'START_EVENT' && container?.type === 'EVENT_SUB_PROCESS') {
    startEventSubProcess(ctx, owner, container, target, variables);
    return true;
  }
  deliverToCatch(ctx, { kind: 'boundary', activity: owner, node: target }, variables);
  return true;
}
