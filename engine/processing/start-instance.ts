import type { DeployedProcess } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { activateElement } from './lifecycle.ts';

/**
 * Starts a process instance at one of its start events (message, signal, timer), with the
 * event's payload entering through the start event like Zeebe: it propagates from there.
 */
export function startInstanceAt(
  ctx: BatchContext,
  def: DeployedProcess,
  startEventId: string,
  variables: Record<string, unknown> | undefined,
  startCorrelationKey?: string,
): string {
  const key = ctx.state.nextKey();
  ctx.record({
    key,
    valueType: 'PROCESS_INSTANCE_CREATION',
    intent: 'CREATED',
    processInstanceKey: key,
    bpmnProcessId: def.bpmnProcessId,
    value: { processDefinitionKey: def.key, version: def.version, startEventId, variables: variables ?? {} },
  });
  const instance = activateElement(ctx, def, def.model.nodes.get(def.bpmnProcessId)!, null, { key, variables });
  instance.startAt = [startEventId];
  if (startCorrelationKey) {
    instance.startCorrelationKey = startCorrelationKey;
    ctx.state.messageStartKeys.set(`${def.bpmnProcessId}\u0000${startCorrelationKey}`, key);
  }
  ctx.state.putElement(instance);
  return key;
}

/** The start events of the latest versions that listen for `type` events, with their static names. */
export function latestStartEvents(ctx: BatchContext, type: 'message' | 'signal' | 'timer'): Array<{ def: DeployedProcess; startEventId: string; name?: string }> {
  const found: Array<{ def: DeployedProcess; startEventId: string; name?: string }> = [];
  for (const def of ctx.state.latestByProcessId.values()) {
    const processNode = def.model.nodes.get(def.bpmnProcessId)!;
    for (const id of processNode.startEvents ?? []) {
      const event = def.model.nodes.get(id)?.event;
      if (event?.type !== type) continue;
      const expr = event.type === 'message' ? event.messageName : event.type === 'signal' ? event.signalName : undefined;
      found.push({ def, startEventId: id, name: expr?.kind === 'static' ? expr.value : undefined });
    }
  }
  return found;
}
