import type { FlowNode } from '../model/types.ts';
import type { ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { raiseElementIncident } from './incidents.ts';
import { createJob, evaluateJobSpec } from './jobs.ts';

/**
 * Execution listeners (Zeebe 8.6+): start listeners run after the input mappings and before
 * the element's own work, end listeners after the output mappings and before it completes.
 * Each is a job, run one after another in model order; the element waits meanwhile.
 * Returns true when every listener of the phase has completed.
 */
export function runExecutionListeners(ctx: BatchContext, instance: ElementInstance, node: FlowNode, eventType: 'start' | 'end'): boolean {
  const listeners = (node.executionListeners ?? []).filter((l) => l.eventType === eventType);
  const index = instance.listenerIndex ?? 0;
  if (index >= listeners.length) {
    if (instance.listenerIndex !== undefined) {
      instance.listenerIndex = undefined;
      ctx.state.putElement(instance);
    }
    return true;
  }
  const listener = listeners[index]!;
  const spec = evaluateJobSpec(ctx, instance, { type: listener.type, retries: listener.retries, headers: {} });
  if (!spec.ok) {
    raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', spec.message);
    return false;
  }
  instance.listenerIndex = index;
  const job = createJob(ctx, instance, spec.value, { eventType, index });
  ctx.state.putJob(job);
  return false;
}
