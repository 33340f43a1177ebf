import { recordTimer } from '../processing/event-subscriptions.ts';
import type { BatchContext } from '../processing/context.ts';
import { triggerEvent } from '../processing/event-trigger.ts';
import { definitionOf } from '../processing/lifecycle.ts';
import { startInstanceAt } from '../processing/start-instance.ts';
import type { Timer } from '../state/types.ts';
import { nextDue, parseCycle } from '../timers/iso8601.ts';
import { NO_INSTANCE } from './start-timers.ts';

/**
 * A timer is due. Catch events complete; boundary events interrupt or run beside their
 * activity; a non-interrupting cycle schedules its next repetition.
 */
export function triggerTimer(ctx: BatchContext, timerKey: string): void {
  const timer = ctx.state.timers.get(timerKey);
  if (!timer || timer.dueDate > ctx.now) return;
  if (timer.elementInstanceKey === NO_INSTANCE) return triggerStartTimer(ctx, timer);
  const owner = ctx.state.elements.get(timer.elementInstanceKey);
  ctx.state.timers.remove(timer.key);
  if (!owner || owner.state !== 'ACTIVATED') return;
  recordTimer(ctx, timer, 'TRIGGERED', owner);
  owner.timerKeys = owner.timerKeys?.filter((k) => k !== timer.key);
  ctx.state.putElement(owner);
  const node = definitionOf(ctx, owner).model.nodes.get(timer.targetElementId);
  // Non-interrupting boundary and event sub-process timers with a cycle fire again.
  const repeats = !!timer.cycle && (node?.type === 'BOUNDARY_EVENT' ? node.cancelActivity === false : node?.type === 'START_EVENT' && node.interrupting === false);
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

function triggerStartTimer(ctx: BatchContext, timer: Timer): void {
  ctx.state.timers.remove(timer.key);
  const def = ctx.state.definitions.get(timer.processDefinitionKey);
  if (!def) return;
  recordTimer(ctx, timer, 'TRIGGERED', def);
  if (timer.cycle && (timer.repetitions === -1 || timer.repetitions > 1)) {
    const next = nextDue(parseCycle(timer.cycle), timer.dueDate, timer.repetitions, ctx.now);
    if (next) {
      const again = { ...timer, key: ctx.state.nextKey(), dueDate: next.dueMs, repetitions: next.repetitions };
      ctx.state.timers.put(again);
      recordTimer(ctx, again, 'CREATED', def);
      ctx.watch(again.dueDate, 'timer', again.key);
    }
  }
  startInstanceAt(ctx, def, timer.targetElementId, undefined);
}
