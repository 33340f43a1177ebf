import { EngineRejection } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { broadcastSignal } from '../processing/signals.ts';
import { NO_INSTANCE, scheduleStartTimers } from './start-timers.ts';
import { recordTimer } from '../processing/event-subscriptions.ts';

/**
 * DeleteResource for a process definition: refused while instances of it run (Zeebe); the
 * previous version becomes the latest again and takes over the start timers.
 */
export function deleteResource(ctx: BatchContext, resourceKey: string): void {
  const def = ctx.state.definitions.get(resourceKey);
  if (!def) throw new EngineRejection('NOT_FOUND', `Expected to delete resource but no resource found with key \`${resourceKey}\``);
  for (const e of ctx.state.elements.values()) {
    if (e.processDefinitionKey === def.key && e.flowScopeKey === null) {
      // Zeebe's ResourceDeletionProcessor (ActiveProcessInstancesException) words it exactly so.
      throw new EngineRejection('FAILED_PRECONDITION', `Expected to delete resource with key \`${resourceKey}\` but there are still running instances`);
    }
  }
  for (const timer of [...ctx.state.timers.values()]) {
    if (timer.elementInstanceKey === NO_INSTANCE && timer.processDefinitionKey === def.key) {
      ctx.state.timers.remove(timer.key);
      recordTimer(ctx, timer, 'CANCELED', def);
    }
  }
  const wasLatest = ctx.state.latestByProcessId.get(def.bpmnProcessId) === def;
  ctx.state.removeDefinition(def.key);
  ctx.record({ key: def.key, valueType: 'PROCESS', intent: 'DELETED', bpmnProcessId: def.bpmnProcessId, value: { version: def.version, processDefinitionKey: def.key, resourceName: def.resourceName } });
  ctx.record({ key: ctx.state.nextKey(), valueType: 'RESOURCE_DELETION', intent: 'DELETED', value: { resourceKey } });
  const now = ctx.state.latestByProcessId.get(def.bpmnProcessId);
  if (wasLatest && now) scheduleStartTimers(ctx, now, undefined);
}

export function broadcast(ctx: BatchContext, signalName: string, variables: Record<string, unknown>): string {
  if (!signalName) throw new EngineRejection('INVALID_ARGUMENT', 'Expected to broadcast a signal with a name, but the name is empty');
  return broadcastSignal(ctx, signalName, variables);
}
