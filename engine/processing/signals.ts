import type { BatchContext } from './context.ts';
import { triggerEvent } from './event-trigger.ts';
import { latestStartEvents, startInstanceAt } from './start-instance.ts';

/**
 * A signal reaches everything waiting for it at this moment: catch events, boundary events and
 * event sub-processes of running instances, and the signal start events of the latest process
 * versions (each starts a new instance). Signals are not buffered.
 */
export function broadcastSignal(ctx: BatchContext, signalName: string, variables: Record<string, unknown>): string {
  const key = ctx.state.nextKey();
  ctx.record({ key, valueType: 'SIGNAL', intent: 'BROADCASTED', value: { signalName, variables } });
  for (const sub of ctx.state.signalSubscriptionsFor(signalName)) {
    const owner = ctx.state.elements.get(sub.elementInstanceKey);
    if (owner) triggerEvent(ctx, owner, sub.targetElementId, variables);
  }
  for (const start of latestStartEvents(ctx, 'signal')) {
    if (start.name === signalName) startInstanceAt(ctx, start.def, start.startEventId, variables);
  }
  return key;
}
