import type { BatchContext } from '../processing/context.ts';
import { recordTimer } from '../processing/event-subscriptions.ts';
import { evaluateExpression } from '../processing/expressions.ts';
import type { DeployedProcess, Timer } from '../state/types.ts';
import { firstDue } from '../timers/iso8601.ts';

/** Start timers belong to no element instance; they are marked with this key. */
export const NO_INSTANCE = '0';

/**
 * A new version with timer start events schedules them; the version it replaces loses its
 * start timers (Zeebe: only the latest version starts by timer).
 */
export function scheduleStartTimers(ctx: BatchContext, def: DeployedProcess, previous: DeployedProcess | undefined): void {
  if (previous) {
    for (const timer of [...ctx.state.timers.values()]) {
      if (timer.elementInstanceKey !== NO_INSTANCE || timer.processDefinitionKey !== previous.key) continue;
      ctx.state.timers.remove(timer.key);
      recordTimer(ctx, timer, 'CANCELED', previous);
    }
  }
  const processNode = def.model.nodes.get(def.bpmnProcessId)!;
  for (const id of processNode.startEvents ?? []) {
    const event = def.model.nodes.get(id)?.event;
    if (event?.type !== 'timer') continue;
    // Start timers cannot see variables: only static text or variable-free FEEL (Zeebe's rule too).
    const text = evaluateExpression(event.timer.expression, () => undefined);
    if (!text.ok || typeof text.value !== 'string') continue;
    const schedule = firstDue({ kind: event.timer.kind, text: text.value }, ctx.now);
    const timer: Timer = {
      key: ctx.state.nextKey(),
      elementInstanceKey: NO_INSTANCE,
      processInstanceKey: NO_INSTANCE,
      processDefinitionKey: def.key,
      targetElementId: id,
      dueDate: schedule.dueMs,
      repetitions: schedule.repetitions,
      cycle: event.timer.kind === 'cycle' ? text.value : undefined,
    };
    ctx.state.timers.put(timer);
    recordTimer(ctx, timer, 'CREATED', def);
    ctx.watch(timer.dueDate, 'timer', timer.key);
  }
}
