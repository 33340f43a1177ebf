import type { ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { activateElement, completeElement, definitionOf, terminateElement } from './lifecycle.ts';

/**
 * An event (timer, message) occurred for an element's subscription. A catch event or receive
 * task completes; a boundary event interrupts its activity (or runs beside it).
 * Returns false when the element is not in a state to take the event.
 */
export function triggerEvent(
  ctx: BatchContext,
  owner: ElementInstance,
  targetElementId: string,
  variables: Record<string, unknown> | undefined,
): boolean {
  if (owner.state !== 'ACTIVATED') return false;
  if (targetElementId === owner.elementId) {
    completeElement(ctx, owner, variables);
    return true;
  }
  const def = definitionOf(ctx, owner);
  const boundary = def.model.nodes.get(targetElementId);
  if (!boundary) throw new Error(`boundary event '${targetElementId}' not found`);
  if (boundary.cancelActivity === false) {
    const flowScope = owner.flowScopeKey ? ctx.state.elements.get(owner.flowScopeKey) : undefined;
    if (!flowScope) return false;
    activateElement(ctx, def, boundary, flowScope, { variables });
    return true;
  }
  owner.interruptedBy = { boundaryId: boundary.id, variables };
  terminateElement(ctx, owner);
  return true;
}
