import type { ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';

export type ElementIntent =
  | 'ELEMENT_ACTIVATING'
  | 'ELEMENT_ACTIVATED'
  | 'ELEMENT_COMPLETING'
  | 'ELEMENT_COMPLETED'
  | 'ELEMENT_TERMINATING'
  | 'ELEMENT_TERMINATED';

/** A PROCESS_INSTANCE record for an element lifecycle transition (Zeebe's value shape). */
export function recordElement(ctx: BatchContext, instance: ElementInstance, intent: ElementIntent): void {
  ctx.record({
    key: instance.key,
    valueType: 'PROCESS_INSTANCE',
    intent,
    processInstanceKey: instance.processInstanceKey,
    bpmnProcessId: instance.bpmnProcessId,
    elementId: instance.elementId,
    value: {
      bpmnElementType: instance.elementType,
      flowScopeKey: instance.flowScopeKey ?? '-1',
      version: instance.version,
      processDefinitionKey: instance.processDefinitionKey,
      // As in Zeebe: an instance started by a call activity names its parent.
      ...(instance.parentProcessInstanceKey && {
        parentProcessInstanceKey: instance.parentProcessInstanceKey,
        parentElementInstanceKey: instance.parentElementInstanceKey,
      }),
    },
  });
}
