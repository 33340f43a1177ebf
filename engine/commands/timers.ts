import { recordTimer } from '../processing/event-subscriptions.ts';
import type { BatchContext } from '../processing/context.ts';
import { triggerEvent } from '../processing/event-trigger.ts';
import { definitionOf } from '../processing/lifecycle.ts';
import { nextDue, parseCycle } from '../timers/iso8601.ts';

/**
 * A timer is due. Catch events complete; boundary events interrupt or run beside their
 * activity; a non-interrupting cycle schedules its next repetition.
 */
export function triggerTimer(ctx: BatchContext, timerKey: string): void {
  const timer = ctx.state.timers.get(timerKey);
  if (!timer || timer.dueDate > ctx.now) return;
  const owner = ctx.state.elements.get(timer.elementInstanceKey);
  ctx.state.timers.remove(timer.key);
  if (!owner || owner.state !== 'ACTIVATED') return;
  recordTimer(ctx, timer, 'TRIGGERED', owner);
  owner.timerKeys = owner.timerKeys?.filter((k) => k !== timer.key);
  ctx.state.putElement(owner);
  const node = definitionOf(ctx, owner).model.nodes.get(timer.targetElementId);
  const repeats = node?.type === 'BOUNDARY_EVENT' && node.cancelActivity === false && timer.cycle;
  if (repeats && (timer.repetitions === -1 || timer.repetitions > 1)) {
    const next = nextDue(parseCycle(timer.cycle!), timer.dueDate, timer.repetitions, ctx.now);
    if (next) {
      const again = { ...timer, key: ctx.state.nextKey(), dueDate: next.dueMs, repetitions: next.repetitions };
      ctx.state.timers.put(again);
      (owner.timerKeys ??= []).push(again.key);
      ctx.state.putElement(owner);
      recordTimer(ctx, again, 'CREATED', owner);
      ctx.watch(again.dueDate, 'timer', again.key);
    }
  }
  triggerEvent(ctx, owner, timer.targetElementId, undefined);
}
