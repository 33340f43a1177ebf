import type { UserTask } from '../state/types.ts';
import type { BatchContext } from './context.ts';

export type UserTaskIntent = 'CREATED' | 'ASSIGNED' | 'UPDATED' | 'COMPLETED' | 'CANCELED';

export function recordUserTask(ctx: BatchContext, task: UserTask, intent: UserTaskIntent, extra: Record<string, unknown> = {}): void {
  ctx.record({
    key: task.key,
    valueType: 'USER_TASK',
    intent,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    elementId: task.elementId,
    value: {
      userTaskKey: task.key,
      assignee: task.assignee,
      candidateGroupsList: task.candidateGroups,
      candidateUsersList: task.candidateUsers,
      dueDate: task.dueDate,
      followUpDate: task.followUpDate,
      priority: task.priority,
      formKey: task.formKey,
      elementId: task.elementId,
      elementInstanceKey: task.elementInstanceKey,
      processInstanceKey: task.processInstanceKey,
      processDefinitionKey: task.processDefinitionKey,
      bpmnProcessId: task.bpmnProcessId,
      processDefinitionVersion: task.version,
      tenantId: '<default>',
      ...extra,
    },
  });
}
